//! Search that folds Vietnamese diacritics and case. Pure.
