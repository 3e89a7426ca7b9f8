//! Turns laid-out pages into a PDF file with printpdf.
