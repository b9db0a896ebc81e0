//! Where CSV records end, read the way polars' CSV parser reads them, and a guard for the quotes
//! polars would misread.
//!
//! polars 0.53 mishandles a quoted field still open at the end of its input: under a numeric
//! column it drops the first byte and the last (`"12` at the end of a file reads as 1, `"` alone
//! panics slicing `[1..0]`). And its line counter, unlike its parser, takes every quote as
//! opening or closing a quoted field, so a row with one quote inside an unquoted field makes it
//! lose count of the rows. So readers refuse such files before polars sees them ([`misquoted`]),
//! and split a large file into blocks only where polars' parser ends a record ([`CsvRecords`]).
//!
//! The rules, as polars' field splitter applies them: a quote opens a quoted field only as the
//! first byte of a field; inside one every quote toggles (so a doubled quote is an escaped one,
//! and `"a"b"c"` is one field), and the field ends at the first separator or `\n` outside quotes.
//! A quote anywhere else is an ordinary character. Lines end at `\n` (a `\r` before it belongs
//! to the last field, as polars has it).

use memchr::{memchr, memchr3};

use crate::Error;
use crate::error::line_and_column;

/// A quote polars would misread, at this byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misquote {
    /// It opens a quoted field the text ends inside. polars 0.53 reads such a field wrongly
    /// under a number column (`"12` as 1) and panics on a lone `"`.
    Unclosed(usize),
    /// It is a quote inside an unquoted field (`5" screen`) left without a partner: the last of
    /// an odd number of such quotes in a record. polars' parser takes it as an ordinary
    /// character, but its line counter counts every quote and so loses count of the records: it
    /// then fails with a row-count mismatch or, worse, silently reads fewer rows.
    Unpaired(usize),
}

/// The first quote in the text polars would misread; `None` when there is none (or `quote` is
/// `None`: quoting off).
pub fn misquoted(bytes: &[u8], separator: u8, quote: Option<u8>) -> Option<Misquote> {
    // The last ordinary quote of the current record while it has an odd number of them.
    let mut odd: Option<usize> = None;
    // Where the unquoted text not yet searched for line breaks starts.
    let mut from = 0;
    for q in Quotes::new(bytes, separator, quote?) {
        let (at, end) = match q {
            Quote::Ordinary(at) => (at, Some(at)),
            Quote::Field { open, end } => (open, end),
            Quote::Unclosed(at) => (at, None),
        };
        let record_ended = memchr(b'\n', &bytes[from..at]).is_some();
        if let Some(first) = odd.filter(|_| record_ended) {
            return Some(Misquote::Unpaired(first));
        }
        match q {
            Quote::Ordinary(at) => odd = if odd.is_some() { None } else { Some(at) },
            Quote::Unclosed(at) => return Some(odd.map_or(Misquote::Unclosed(at), Misquote::Unpaired)),
            Quote::Field { .. } => {}
        }
        match end {
            Some(end) => from = end,
            None => break,
        }
    }
    odd.map(Misquote::Unpaired)
}

/// [`misquoted`] as an error naming the file and the quote's line and column.
pub fn refuse_misquoted(path: &str, bytes: &[u8], separator: u8, quote: Option<u8>) -> Result<(), Error> {
    let (at, message) = match misquoted(bytes, separator, quote) {
        None => return Ok(()),
        Some(Misquote::Unclosed(at)) => (
            at,
            format!(
                "a quoted field opens here and is never closed (the file ends inside it); expected a closing {}",
                bytes[at] as char
            ),
        ),
        Some(Misquote::Unpaired(at)) => (
            at,
            format!(
                "a quote inside an unquoted field, with no second one in its row; expected quotes only around a whole field, each quote in it doubled (as in {q}5{q}{q} screen{q}), or `csv: {{ quote: \"\" }}` for a file without quoting",
                q = bytes[at] as char
            ),
        ),
    };
    Err(Error::Input {
        file: path.to_string(),
        position: Some(line_and_column(bytes, at)),
        message,
        declared_at: None,
    })
}

/// The ends (offsets just past each `\n`) of the records in `bytes`, which must start at a record
/// boundary. A final record without a line break is not yielded.
pub struct CsvRecords<'a> {
    bytes: &'a [u8],
    /// Where scanning resumes; always outside a quoted field.
    pos: usize,
    quotes: Option<Quotes<'a>>,
    /// The next quote's place in the text, and where the text after it resumes unquoted
    /// (`None`: the text ends inside or right after it).
    next: Option<(usize, Option<usize>)>,
}

impl<'a> CsvRecords<'a> {
    pub fn new(bytes: &'a [u8], separator: u8, quote: Option<u8>) -> CsvRecords<'a> {
        let mut quotes = quote.map(|q| Quotes::new(bytes, separator, q));
        let next = quotes.as_mut().and_then(Quotes::next_stretch);
        CsvRecords {
            bytes,
            pos: 0,
            quotes,
            next,
        }
    }
}

impl Iterator for CsvRecords<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        loop {
            // Up to the next quote everything is unquoted text: its line breaks end records.
            let until = self.next.map_or(self.bytes.len(), |(at, _)| at);
            if let Some(k) = memchr(b'\n', self.bytes.get(self.pos..until)?) {
                self.pos += k + 1;
                return Some(self.pos);
            }
            let (_, resume) = self.next?;
            // Past the quote (or the quoted field, whose line breaks end nothing).
            self.pos = resume?;
            self.next = self.quotes.as_mut().and_then(Quotes::next_stretch);
            if self.bytes[self.pos - 1] == b'\n' {
                return Some(self.pos);
            }
        }
    }
}

/// What a quote in the text is.
enum Quote {
    /// Inside an unquoted field: an ordinary character at this offset.
    Ordinary(usize),
    /// Opening a quoted field at `open`; the field ends with the separator or `\n` at `end`
    /// (`None`: with the text).
    Field { open: usize, end: Option<usize> },
    /// Opening a quoted field the text ends inside.
    Unclosed(usize),
}

/// The quotes of a text that starts at a record boundary, in order, jumping from one to the next.
struct Quotes<'a> {
    bytes: &'a [u8],
    separator: u8,
    quote: u8,
    /// Where the search resumes; always outside a quoted field.
    pos: usize,
}

impl<'a> Quotes<'a> {
    fn new(bytes: &'a [u8], separator: u8, quote: u8) -> Quotes<'a> {
        Quotes {
            bytes,
            separator,
            quote,
            pos: 0,
        }
    }

    /// The next quote as (its offset, where unquoted text resumes after it), for [`CsvRecords`].
    fn next_stretch(&mut self) -> Option<(usize, Option<usize>)> {
        Some(match self.next()? {
            Quote::Ordinary(at) => (at, Some(at + 1)),
            Quote::Field { open, end } => (open, end.map(|e| e + 1)),
            Quote::Unclosed(at) => (at, None),
        })
    }

    /// From the opening quote at `open`: the offset of the separator or `\n` that ends the field,
    /// or `Err(inside)` at the end of the text (`inside`: still within quotes).
    fn end_of_quoted_field(&self, open: usize) -> Result<usize, bool> {
        let mut i = open + 1;
        loop {
            // Inside quotes: only a quote matters.
            i += memchr(self.quote, &self.bytes[i..]).ok_or(true)? + 1;
            // Outside again: a separator or line break ends the field, a quote reopens it.
            let k = memchr3(self.quote, self.separator, b'\n', &self.bytes[i..]).ok_or(false)?;
            if self.bytes[i + k] != self.quote {
                return Ok(i + k);
            }
            i += k + 1;
        }
    }
}

impl Iterator for Quotes<'_> {
    type Item = Quote;

    fn next(&mut self) -> Option<Quote> {
        let at = self.pos + memchr(self.quote, self.bytes.get(self.pos..)?)?;
        let starts_field = at == 0 || self.bytes[at - 1] == self.separator || self.bytes[at - 1] == b'\n';
        if !starts_field {
            self.pos = at + 1;
            return Some(Quote::Ordinary(at));
        }
        match self.end_of_quoted_field(at) {
            Ok(end) => {
                self.pos = end + 1;
                Some(Quote::Field {
                    open: at,
                    end: Some(end),
                })
            }
            Err(inside) => {
                self.pos = self.bytes.len();
                Some(if inside {
                    Quote::Unclosed(at)
                } else {
                    Quote::Field { open: at, end: None }
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(text: &str) -> Vec<usize> {
        CsvRecords::new(text.as_bytes(), b',', Some(b'"')).collect()
    }

    #[test]
    fn records_end_at_line_breaks_outside_quoted_fields() {
        assert_eq!(ends("a,b\n1,2\n3,4"), vec![4, 8]);
        assert_eq!(ends("a,b\n\"x\ny\",2\n"), vec![4, 12]);
        // A doubled quote is an escaped one; the field goes on.
        assert_eq!(ends("a\n\"x\"\"\ny\"\nz\n"), vec![2, 10, 12]);
        // A quote inside an unquoted field is an ordinary character: it opens nothing.
        assert_eq!(ends("a,b\nx\"y,2\n3,4\n"), vec![4, 10, 14]);
        // After a quoted part closes, a later quote in the same field reopens it.
        assert_eq!(ends("a\n\"c\"x\"\n\"\nb\n"), vec![2, 10, 12]);
        // CRLF: the \r stays with the last field.
        assert_eq!(ends("a,b\r\n\"1\",2\r\n"), vec![5, 12]);
        // Quoting off: quotes are ordinary.
        let off: Vec<usize> = CsvRecords::new(b"a\n\"\nb\n", b',', None).collect();
        assert_eq!(off, vec![2, 4, 6]);
    }

    fn misquoted_at(text: &str) -> Option<Misquote> {
        misquoted(text.as_bytes(), b',', Some(b'"'))
    }

    #[test]
    fn a_field_left_open_at_the_end_is_found() {
        use Misquote::Unclosed;
        assert_eq!(misquoted_at("a,b\n1,2\n"), None);
        assert_eq!(misquoted_at("a,b\n1,\"2\"\n"), None);
        assert_eq!(misquoted_at("a,b\n1,\""), Some(Unclosed(6)));
        assert_eq!(misquoted_at("a\n1\n\"\n"), Some(Unclosed(4)));
        assert_eq!(misquoted_at("a\n\"12"), Some(Unclosed(2)));
        // Opened early, it swallows the rest of the file.
        assert_eq!(misquoted_at("a,b\n\"1,2\n3,4\n"), Some(Unclosed(4)));
        // A quote reopened after a closed part and never closed again.
        assert_eq!(misquoted_at("a\n\"c\"x\"\n"), Some(Unclosed(2)));
        // The separator decides where a field starts.
        assert_eq!(misquoted(b"a;b\n1;\"x", b';', Some(b'"')), Some(Unclosed(6)));
        assert_eq!(misquoted(b"a\n'x", b',', Some(b'\'')), Some(Unclosed(2)));
        // Quoting off: nothing to misread.
        assert_eq!(misquoted(b"a\n\"", b',', None), None);
    }

    #[test]
    fn an_odd_number_of_quotes_inside_unquoted_fields_of_a_row_is_found() {
        use Misquote::{Unclosed, Unpaired};
        // Quoted fields, escaped quotes inside them, and a closed part followed by more: fine.
        assert_eq!(misquoted_at("a,b\n\"x\",\"y\"\"z\"\n\"c\"x\"\"\n"), None);
        // Ordinary quotes in pairs within a row keep polars' line counter in step.
        assert_eq!(misquoted_at("a,b\nx\",y\"\n5\" by 3\",z\n"), None);
        // One in a row, or three: the one left without a partner, in the first such row.
        assert_eq!(misquoted_at("a,b\n1,tv 5\" screen\n2,7\"\n"), Some(Unpaired(10)));
        assert_eq!(misquoted_at("a,b\"\n1,2\n"), Some(Unpaired(3)));
        assert_eq!(misquoted_at("a,b\n1,x\"y\"z\"\n"), Some(Unpaired(11)));
        // In the last row, without a line break after it.
        assert_eq!(misquoted_at("a,b\n1,x\""), Some(Unpaired(7)));
        // A quoted field between them does not pair them up, nor end the row.
        assert_eq!(misquoted_at("a,b,c\nx\",\"q\nr\",y\"\n"), None);
        assert_eq!(misquoted_at("a,b\nx\",\"q\nr\"\n"), Some(Unpaired(5)));
        // Whichever comes first in the file.
        assert_eq!(misquoted_at("a,b\nx\",\"open"), Some(Unpaired(5)));
        assert_eq!(misquoted_at("a,b\n\"open\nx,\"y\""), Some(Unclosed(4)));
    }

    #[test]
    fn the_fuzz_input_that_panicked_polars_is_found() {
        // The end of the input data_input found (now the hostile case csv-fuzz-lone-quote): line 2
        // has three quotes inside an unquoted field; the lone quote on line 3 opens a field the
        // file never closes, and made polars panic.
        let text = b"email,x\n2,2024\x01{\x01{\"c\"{\"\n\"";
        assert_eq!(misquoted(text, b',', Some(b'"')), Some(Misquote::Unpaired(22)));
        let without_line_2 = b"email,x\n2,2024\n\"";
        assert_eq!(
            misquoted(without_line_2, b',', Some(b'"')),
            Some(Misquote::Unclosed(without_line_2.len() - 1))
        );
    }
}
