"""Several gemeenten together: the region's dataset (regional) and its totals drawn jointly (region_total)."""
