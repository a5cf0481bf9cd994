"""Reference data: standard quantities, market wages, procurement prices and cost-summary rates."""
