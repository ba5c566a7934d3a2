"""One dialog per operation. Each validates through the core and saves nothing until valid."""
