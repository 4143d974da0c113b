//! A frame's profile in one table.
