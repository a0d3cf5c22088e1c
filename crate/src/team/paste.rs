//! Codes out of pasted text: what a member copies from a chat or a mail
//! is seldom one code alone. Each code starts at a word beginning
//! `fairtime-`. A line holding only a code's letters (base64url) after a
//! long line of a code is that code wrapped by a mail or chat app and
//! belongs to it (the codes ignore white space inside them), unless the
//! code is already whole (its checksum right). Other words
//! between codes ("Alex, 10:32", "thanks") are a piece of their own, so
//! that the report can say what they are not.

/// The shortest line that a mail or chat app would have wrapped.
const WRAPPED: usize = 20;

fn code_letters(word: &str) -> bool {
    let body = word.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn starts_code(word: &str) -> bool {
    word.get(..9)
        .is_some_and(|start| start.eq_ignore_ascii_case("fairtime-"))
}

/// The pieces of `text`, in order: codes (wrapped lines joined) and the
/// words between them.
pub fn split_codes(text: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    // Whether the last piece is a code, and the length of its last line.
    let mut code = false;
    let mut last = 0;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            if starts_code(word) {
                pieces.push((*word).to_owned());
                code = true;
                last = word.chars().count();
            } else if code
                && i == 0
                && words.len() == 1
                && last >= WRAPPED
                && code_letters(word)
                && !pieces
                    .last()
                    .is_some_and(|piece| super::codes::complete(piece))
            {
                if let Some(piece) = pieces.last_mut() {
                    piece.push_str(word);
                }
                last = word.chars().count();
            } else if let (false, Some(piece)) = (code, pieces.last_mut()) {
                piece.push(' ');
                piece.push_str(word);
            } else {
                pieces.push((*word).to_owned());
                code = false;
            }
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::split_codes;

    #[test]
    fn wrapped_codes_are_joined_and_words_kept_apart() {
        let long = "fairtime-week-1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let text = format!("Alex, 10:32\n{long}\nBBBBBBBBBB\nthanks all\n{long} {long}\r\nCCC");
        assert_eq!(
            split_codes(&text),
            vec![
                "Alex, 10:32".to_owned(),
                format!("{long}BBBBBBBBBB"),
                "thanks all".to_owned(),
                long.to_owned(),
                // The last code of a line goes on with a lone line after it.
                format!("{long}CCC"),
            ]
        );
    }

    #[test]
    fn a_word_after_a_whole_code_is_its_own_piece() {
        let code = super::super::codes::encode(super::super::codes::CodeKind::Join, &[7; 40]);
        let (head, tail) = code.split_at(30);
        assert_eq!(
            split_codes(&format!("{code}\nthanks\n{head}\n{tail}\nthanks")),
            vec![
                code.clone(),
                "thanks".to_owned(),
                code.clone(),
                "thanks".to_owned()
            ]
        );
    }

    #[test]
    fn a_short_code_line_is_not_continued() {
        assert_eq!(
            split_codes("fairtime-x\nabc"),
            vec!["fairtime-x".to_owned(), "abc".to_owned()]
        );
        assert_eq!(split_codes("  \n\n"), Vec::<String>::new());
        assert_eq!(
            split_codes("FAIRTIME-join-1:abc"),
            vec!["FAIRTIME-join-1:abc".to_owned()]
        );
    }
}
