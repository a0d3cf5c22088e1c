//! Task categories: what a site's time counts as.
//!
//! A [`Category`] has a stable slug id (`work`, `communication`), a name a
//! person chose, a colour for charts and a flag saying whether its time counts
//! as work. Ids are derived from names once and never change, so stored totals
//! keep pointing at the right category after a rename.
//!
//! "Uncategorized" ([`UNCATEGORIZED_ID`]) is built in: every host that no
//! rule matches lands there. It always exists, cannot be renamed, recoloured
//! or deleted, and does not count as work. The [`crate::rules::RuleBook`]
//! owns the categories and keeps them consistent with the rules.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text;

/// The id of the built-in category for hosts that no rule matches.
pub const UNCATEGORIZED_ID: &str = "uncategorized";
/// The name of the built-in category for hosts that no rule matches.
const UNCATEGORIZED_COLOUR: Colour = Colour([0x9e, 0x9e, 0x9e]);

/// The longest category name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// The longest category id, in bytes.
pub const MAX_ID_LEN: usize = 32;

/// A category's stable id: 1 to 32 of `a-z`, `0-9` and `-`, not starting or
/// ending with `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CategoryId(String);

impl CategoryId {
    pub fn parse(text: &str) -> Result<Self, CategoryError> {
        let valid = !text.is_empty()
            && text.len() <= MAX_ID_LEN
            && !text.starts_with('-')
            && !text.ends_with('-')
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(CategoryError::InvalidId(text.to_owned()))
        }
    }

    /// The slug a new category named `name` would get, before making it
    /// unique: lowercase ASCII letters and digits, other runs become `-`.
    /// `None` when the name has no ASCII letter or digit.
    pub fn slug_of(name: &str) -> Option<Self> {
        let mut slug = String::new();
        for c in name.chars() {
            if slug.len() == MAX_ID_LEN {
                break;
            }
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        (!slug.is_empty()).then_some(Self(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_uncategorized(&self) -> bool {
        self.0 == UNCATEGORIZED_ID
    }
}

impl TryFrom<String> for CategoryId {
    type Error = CategoryError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<CategoryId> for String {
    fn from(id: CategoryId) -> Self {
        id.0
    }
}

impl fmt::Display for CategoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An sRGB colour, written and stored as `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// Parses `#rrggbb` (either case; surrounding spaces are ignored).
    pub fn parse(text: &str) -> Result<Self, CategoryError> {
        let digits: Option<Vec<u8>> = match text.trim().strip_prefix('#') {
            Some(hex) if hex.len() == 6 => hex
                .chars()
                .map(|c| c.to_digit(16).map(|d| d as u8))
                .collect(),
            _ => None,
        };
        match digits.as_deref() {
            Some(&[r1, r0, g1, g0, b1, b0]) => Ok(Self([r1 << 4 | r0, g1 << 4 | g0, b1 << 4 | b0])),
            _ => Err(CategoryError::InvalidColour(text.to_owned())),
        }
    }
}

impl TryFrom<String> for Colour {
    type Error = CategoryError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Colour> for String {
    fn from(colour: Colour) -> Self {
        colour.to_string()
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

/// A task category. Build one with [`Category::new`], which validates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub name: String,
    pub colour: Colour,
    /// Whether time in this category counts as work.
    pub work: bool,
}

impl Category {
    pub fn new(
        id: CategoryId,
        name: &str,
        colour: Colour,
        work: bool,
    ) -> Result<Self, CategoryError> {
        if id.is_uncategorized() {
            return Err(CategoryError::ReservedId);
        }
        Ok(Self {
            id,
            name: check_name(name)?,
            colour,
            work,
        })
    }

    /// The built-in category for hosts no rule matches.
    pub fn uncategorized() -> Self {
        Self {
            id: CategoryId(UNCATEGORIZED_ID.to_owned()),
            name: text::say("coreUncategorized", &[]),
            colour: UNCATEGORIZED_COLOUR,
            work: false,
        }
    }

    pub fn is_uncategorized(&self) -> bool {
        self.id.is_uncategorized()
    }
}

/// Trims a category name and checks it is one short line of text.
pub fn check_name(name: &str) -> Result<String, CategoryError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CategoryError::EmptyName);
    }
    if name.chars().any(char::is_control) {
        return Err(CategoryError::ControlInName);
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(CategoryError::NameTooLong(chars));
    }
    Ok(name.to_owned())
}

/// A category's id, name or colour is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryError {
    InvalidId(String),
    ReservedId,
    InvalidColour(String),
    EmptyName,
    ControlInName,
    /// The name's length in characters.
    NameTooLong(usize),
}

impl fmt::Display for CategoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidId(id) => text::write(f, "coreInvalidCategoryId", &[id, &MAX_ID_LEN]),
            Self::ReservedId => text::write(f, "coreReservedCategoryId", &[&UNCATEGORIZED_ID]),
            Self::InvalidColour(input) => text::write(f, "coreInvalidColour", &[input]),
            Self::EmptyName => text::write(f, "coreEmptyCategoryName", &[]),
            Self::ControlInName => text::write(f, "coreControlInCategoryName", &[]),
            Self::NameTooLong(chars) => {
                text::write(f, "coreCategoryNameTooLong", &[&MAX_NAME_CHARS, chars])
            }
        }
    }
}

impl std::error::Error for CategoryError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_parses_and_prints_lowercase() {
        assert_eq!(
            Colour::parse("#3B82f6").unwrap(),
            Colour([0x3b, 0x82, 0xf6])
        );
        assert_eq!(Colour([0x3b, 0x82, 0xf6]).to_string(), "#3b82f6");
        assert_eq!(Colour::parse(" #000000 ").unwrap(), Colour([0, 0, 0]));
    }

    #[test]
    fn colour_rejects_other_forms() {
        for bad in [
            "", "#", "3b82f6", "#3b82f", "#3b82f60", "#fff", "#gg0000", "red", "#+1+1+1", "#ééé",
        ] {
            let err = Colour::parse(bad).unwrap_err();
            assert_eq!(err, CategoryError::InvalidColour(bad.to_owned()), "{bad}");
            assert!(err.to_string().contains("#3b82f6"));
        }
    }

    #[test]
    fn ids_are_slugs() {
        for good in ["work", "a", "research-docs", "x1", "0"] {
            assert!(CategoryId::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "Work", "-a", "a-", "a b", "a_b", "é", &"a".repeat(33)] {
            assert!(CategoryId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_come_from_names() {
        let slug = |n: &str| CategoryId::slug_of(n).map(|id| id.0);
        assert_eq!(
            slug("Research and docs").as_deref(),
            Some("research-and-docs")
        );
        assert_eq!(slug("  Café & Co. ").as_deref(), Some("caf-co"));
        assert_eq!(slug("工作"), None);
        assert_eq!(slug("--"), None);
        let long = slug(&"ab ".repeat(30)).unwrap();
        assert!(long.len() <= MAX_ID_LEN && !long.ends_with('-'));
        assert!(CategoryId::parse(&long).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name("  Deep work ").unwrap(), "Deep work");
        assert_eq!(check_name(" \t "), Err(CategoryError::EmptyName));
        assert_eq!(check_name("a\nb"), Err(CategoryError::ControlInName));
        assert_eq!(check_name(&"é".repeat(40)).unwrap().chars().count(), 40);
        assert_eq!(
            check_name(&"é".repeat(41)),
            Err(CategoryError::NameTooLong(41))
        );
    }

    #[test]
    fn uncategorized_is_reserved_and_not_work() {
        let u = Category::uncategorized();
        assert!(!u.work && u.is_uncategorized());
        let id = CategoryId::parse(UNCATEGORIZED_ID).unwrap();
        assert_eq!(
            Category::new(id, "Other", Colour([0, 0, 0]), true),
            Err(CategoryError::ReservedId)
        );
    }
}
