"""The registry service: users, portfolios, listings, sleeves, profiles and the audit log."""
