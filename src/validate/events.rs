//! The dated events of an adoption's workflow.

use jiff::civil::Date;

use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Adoption, position_of};

pub(super) fn check_events(adoption: &Adoption, today: Date, problems: &mut Diagnostics) {
    for event in &adoption.events {
        match dates::parse(&event.date.value) {
            None => problems.push(
                Diagnostic::error(
                    &adoption.file,
                    position_of(&event.date),
                    format!(
                        "`{}` is not a date: {}",
                        event.date.value,
                        dates::explain(&event.date.value)
                    ),
                )
                .with_hint("write the date as YYYY-MM-DD, for example 2025-09-01"),
            ),
            Some(d) if d > today => problems.push(
                Diagnostic::error(
                    &adoption.file,
                    position_of(&event.date),
                    format!("the date {} is in the future", event.date.value),
                )
                .with_hint("record an event on or after the day it happens"),
            ),
            Some(_) => {}
        }
    }
}
