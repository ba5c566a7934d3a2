"""Qt item models and item delegates: the tables over store reads (filtered, sorted and paged in
SQL), the today tables, the file dialogs' proxy, and the delegates that draw or edit a column."""
