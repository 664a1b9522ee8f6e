"""Adapters to outside price and FX sources, all behind :class:`~.base.Provider`."""
