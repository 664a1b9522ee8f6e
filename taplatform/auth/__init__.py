"""Authentication and tenancy for every service: who is calling, and may they touch a portfolio."""
