//! Parses the embedded plan text into the plan model. Pure.
