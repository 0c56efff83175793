"""The model without measures: families, backtest, combination, baseline, indexation, LMDI and the `Projection` type."""
