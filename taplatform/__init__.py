"""Trading Assistant platform: the runtime every service, the edge and the worker share."""
