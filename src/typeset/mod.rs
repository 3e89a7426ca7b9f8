//! Lays out a policy onto pages of positioned items; knows nothing of PDF.
