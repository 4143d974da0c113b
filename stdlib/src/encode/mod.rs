//! Encoding categories as numbers, and dropping columns that carry no information.
