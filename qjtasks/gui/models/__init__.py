"""Qt item models over store reads (filtered, sorted and paged in SQL)."""
