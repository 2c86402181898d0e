//! The versioned exchange and storage format, migrations, validation and merge. Pure.
