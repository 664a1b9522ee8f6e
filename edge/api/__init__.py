"""The GraphQL API of the edge: types, resolvers and typed results, one module per area."""
