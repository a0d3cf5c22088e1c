//! Rules that map a host to a category, and the [`RuleBook`] that holds them.
//!
//! # Pattern syntax
//!
//! | Pattern           | Matches                                             |
//! |-------------------|-----------------------------------------------------|
//! | `google.com`      | `google.com` and every subdomain (`mail.google.com`) |
//! | `=docs.google.com`| exactly `docs.google.com`                           |
//! | `*.atlassian.net` | any host with one or more labels in place of `*` (`acme.atlassian.net`, `a.b.atlassian.net`), not `atlassian.net` itself |
//!
//! [`Pattern::parse`] trims spaces, lowercases ASCII and drops one trailing
//! dot, so `Docs.Google.com.` is `docs.google.com`. It refuses what is not a
//! host name, each with a sentence saying what is wrong: schemes, paths,
//! ports, inner spaces, empty labels, characters no host name has and `*`
//! anywhere but as the whole first label; Unicode labels become their
//! `xn--` form. What a person types in the rule field is read first by
//! [`crate::site_field`], which also takes a web address. Hosts to classify are already
//! normalized (lowercase ASCII, no trailing dot, no port) and taken as is.
//!
//! # Which rule wins
//!
//! A pattern's specificity is its number of literal labels (`*` does not
//! count): `docs.google.com` has 3, `*.atlassian.net` 2. Among the rules that
//! match a host, the one with the most literal labels wins; on equal counts
//! exact beats wildcard beats host-and-subdomains. Nothing can tie beyond
//! that: two matching patterns of the same kind and label count have the same
//! domain, and a book refuses duplicate patterns. A host no rule matches is
//! Uncategorized. Rules may point at Uncategorized to carve a subtree out of a
//! broader rule.
//!
//! # Lookup cost
//!
//! The book indexes rules by their literal domain. Classifying walks the
//! host's suffixes at label boundaries from the longest down and stops at the
//! first suffix with a rule of a kind that applies there, so it costs at most
//! one hash lookup per label, whatever the number of rules (suffixes with more
//! labels than any rule's domain are skipped).

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize, Serializer};

use crate::category::{check_name, Category, CategoryError, CategoryId, Colour};
use crate::default_rules::{DEFAULT_CATEGORIES, DEFAULT_RULES};
use crate::domain::Host;
use crate::site_field::{self, Field, SiteError};
use crate::text;

/// The longest host name, in bytes.
const MAX_HOST_LEN: usize = 253;
/// The longest label of a host name, in bytes.
const MAX_LABEL_LEN: usize = 63;
/// The most rules one book holds: far beyond any person's list (the
/// default pack has 349), and a waking worker reads every rule, so a book
/// of 100,000 imported or synced would slow every wake-up.
pub const MAX_RULES: usize = 10_000;

/// How a pattern relates to hosts. Ordered by precedence on a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PatternKind {
    /// `example.com`: the host and all its subdomains.
    HostAndSubdomains,
    /// `*.example.com`: strict subdomains only.
    Wildcard,
    /// `=example.com`: the host alone.
    Exact,
}

/// A parsed host pattern; see the module doc for the syntax.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pattern {
    kind: PatternKind,
    /// The literal labels, e.g. `atlassian.net` for `*.atlassian.net`.
    domain: Box<str>,
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        let input = text.trim();
        let fail = |problem| {
            Err(PatternError {
                input: input.to_owned(),
                problem,
            })
        };
        let after_colon = input.split_once(':').map(|(_, after)| after);
        if after_colon.is_some_and(|after| after.starts_with("//")) {
            return fail(PatternProblem::Scheme);
        }
        if input.contains('/') {
            return fail(PatternProblem::Path);
        }
        if input.contains(char::is_whitespace) {
            return fail(PatternProblem::Space);
        }
        if after_colon
            .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        {
            return fail(PatternProblem::Port);
        }
        let lower = input.to_ascii_lowercase();
        let body = lower.strip_suffix('.').unwrap_or(&lower);
        let (kind, domain) = if let Some(rest) = body.strip_prefix('=') {
            (PatternKind::Exact, rest)
        } else if let Some(rest) = body.strip_prefix("*.") {
            (PatternKind::Wildcard, rest)
        } else {
            (PatternKind::HostAndSubdomains, body)
        };
        if domain == "*" || (domain.is_empty() && kind == PatternKind::Wildcard) {
            return fail(PatternProblem::WildcardAlone);
        }
        if domain.is_empty() {
            return fail(PatternProblem::Empty);
        }
        if domain.contains('*') {
            return fail(PatternProblem::MisplacedWildcard);
        }
        // An internationalized domain in Unicode, as an import file may hold it.
        let ascii;
        let domain = match domain.chars().find(|c| !c.is_ascii()) {
            None => domain,
            Some(c) => match Host::parse(domain) {
                Ok(host) => {
                    ascii = host.as_str().to_owned();
                    &ascii
                }
                Err(_) => return fail(PatternProblem::NonAscii(c)),
            },
        };
        if let Some(c) = domain
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        {
            return fail(PatternProblem::InvalidChar(c));
        }
        if domain.len() > MAX_HOST_LEN {
            return fail(PatternProblem::TooLong);
        }
        for label in domain.split('.') {
            if label.is_empty() {
                return fail(PatternProblem::EmptyLabel);
            }
            if label.len() > MAX_LABEL_LEN {
                return fail(PatternProblem::LabelTooLong);
            }
        }
        Ok(Self {
            kind,
            domain: domain.into(),
        })
    }

    pub fn kind(&self) -> PatternKind {
        self.kind
    }

    /// The pattern as a person reads it: `*.bücher.de`.
    pub fn display(&self) -> String {
        site_field::display(&self.to_string())
    }

    /// The literal part: the whole pattern without `=` or `*.`.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn literal_labels(&self) -> usize {
        self.domain.split('.').count()
    }

    /// Orders patterns by precedence: the greater wins when both match.
    pub fn specificity(&self) -> (usize, PatternKind) {
        (self.literal_labels(), self.kind)
    }

    /// Whether this pattern alone matches `host`, by definition rather than
    /// through an index.
    pub fn matches(&self, host: &str) -> bool {
        let below = host
            .strip_suffix(&*self.domain)
            .and_then(|rest| rest.strip_suffix('.'));
        match self.kind {
            PatternKind::Exact => host == &*self.domain,
            PatternKind::HostAndSubdomains => host == &*self.domain || below.is_some(),
            PatternKind::Wildcard => below.is_some_and(|labels| !labels.is_empty()),
        }
    }
}

impl std::str::FromStr for Pattern {
    type Err = PatternError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl TryFrom<String> for Pattern {
    type Error = PatternError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Pattern> for String {
    fn from(pattern: Pattern) -> Self {
        pattern.to_string()
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.kind {
            PatternKind::HostAndSubdomains => "",
            PatternKind::Wildcard => "*.",
            PatternKind::Exact => "=",
        };
        write!(f, "{prefix}{}", self.domain)
    }
}

/// Text that is not a pattern: what was typed (trimmed) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub input: String,
    pub problem: PatternProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternProblem {
    Empty,
    Scheme,
    Path,
    Port,
    Space,
    NonAscii(char),
    InvalidChar(char),
    WildcardAlone,
    MisplacedWildcard,
    EmptyLabel,
    LabelTooLong,
    TooLong,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PatternProblem::*;
        let input = &self.input;
        match self.problem {
            Empty if input.is_empty() => text::write(f, "corePatternEmpty", &[]),
            Empty => text::write(f, "corePatternNoDomain", &[input]),
            Scheme => {
                let host = input
                    .split_once(':')
                    .map_or("", |(_, rest)| rest.trim_start_matches('/'))
                    .split(['/', '?', '#', ':'])
                    .next()
                    .filter(|host| !host.is_empty())
                    .unwrap_or("example.com");
                text::write(f, "corePatternScheme", &[input, &host])
            }
            Path => text::write(f, "corePatternPath", &[input]),
            Port => text::write(f, "corePatternPort", &[input]),
            Space => text::write(f, "corePatternSpace", &[input]),
            NonAscii(c) => text::write(f, "corePatternNonAscii", &[input, &c]),
            InvalidChar(c) => text::write(f, "corePatternInvalidChar", &[input, &c]),
            WildcardAlone => text::write(f, "corePatternWildcardAlone", &[input]),
            MisplacedWildcard => text::write(f, "corePatternMisplacedWildcard", &[input]),
            EmptyLabel => text::write(f, "corePatternEmptyLabel", &[input]),
            LabelTooLong => text::write(f, "corePatternLabelTooLong", &[input, &MAX_LABEL_LEN]),
            TooLong => text::write(f, "corePatternTooLong", &[input, &MAX_HOST_LEN]),
        }
    }
}

impl std::error::Error for PatternError {}

/// Hosts matching `pattern` belong to `category`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub pattern: Pattern,
    pub category: CategoryId,
}

/// Why an edit to a [`RuleBook`] or its stored form was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookError {
    Pattern(PatternError),
    Site(SiteError),
    Category(CategoryError),
    UnknownCategory(String),
    DuplicateCategoryId(String),
    DuplicateCategoryName(String),
    /// Uncategorized cannot be changed; the field is the message key of
    /// the attempted action.
    BuiltIn(&'static str),
    CategoryInUse {
        name: String,
        rules: usize,
    },
    MoveToSelf(String),
    DuplicatePattern {
        pattern: String,
        category: String,
    },
    UnknownRule(String),
    TooManyRules,
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pattern(err) => err.fmt(f),
            Self::Site(err) => err.fmt(f),
            Self::Category(err) => err.fmt(f),
            Self::UnknownCategory(id) => text::write(f, "coreUnknownCategory", &[id]),
            Self::DuplicateCategoryId(id) => text::write(f, "coreDuplicateCategoryId", &[id]),
            Self::DuplicateCategoryName(name) => {
                text::write(f, "coreDuplicateCategoryName", &[name])
            }
            Self::BuiltIn(key) => text::write(f, key, &[]),
            Self::CategoryInUse { name, rules: 1 } => {
                text::write(f, "coreCategoryInUseOne", &[name])
            }
            Self::CategoryInUse { name, rules } => {
                text::write(f, "coreCategoryInUse", &[name, rules])
            }
            Self::MoveToSelf(name) => text::write(f, "coreMoveToSelf", &[name]),
            Self::DuplicatePattern { pattern, category } => text::write(
                f,
                "coreDuplicatePattern",
                &[&site_field::display(pattern), category],
            ),
            Self::UnknownRule(pattern) => {
                text::write(f, "coreUnknownRule", &[&site_field::display(pattern)])
            }
            // The message names MAX_RULES as a person writes it (tests/hostile.rs).
            Self::TooManyRules => text::write(f, "coreTooManyRules", &[]),
        }
    }
}

impl std::error::Error for BookError {}

impl From<PatternError> for BookError {
    fn from(err: PatternError) -> Self {
        Self::Pattern(err)
    }
}

impl From<SiteError> for BookError {
    fn from(err: SiteError) -> Self {
        Self::Site(err)
    }
}

impl From<CategoryError> for BookError {
    fn from(err: CategoryError) -> Self {
        Self::Category(err)
    }
}

/// Which rule decided a host's category, and a sentence saying so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation<'a> {
    pub host: &'a str,
    /// `None` when no rule matched and the host is Uncategorized.
    pub rule: Option<&'a Rule>,
    pub category: &'a Category,
}

impl Explanation<'_> {
    /// E.g. "docs.google.com matched rule `docs.google.com`, category Work
    /// tools" or "no rule matched docs.example; Uncategorized".
    pub fn sentence(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            Some(rule) => text::write(
                f,
                "coreExplainRule",
                &[&self.host, &rule.pattern, &self.category.name],
            ),
            None => text::write(f, "coreExplainNoRule", &[&self.host, &self.category.name]),
        }
    }
}

/// FxHash (from rustc): a few multiplications per word. Keys are the person's
/// own rule domains, so collision attacks are no concern.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0; 8];
            buf.copy_from_slice(word);
            self.add(u64::from_le_bytes(buf));
        }
        let tail = words
            .remainder()
            .iter()
            .fold(0, |word, &byte| word << 8 | u64::from(byte));
        self.add(tail);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

const NONE: u32 = u32::MAX;

/// The rules whose literal domain is one particular string, one per kind.
#[derive(Debug, Clone, Copy)]
struct Slot([u32; 3]);

impl Slot {
    fn get(&self, kind: PatternKind) -> Option<usize> {
        let rule = self.0[kind as usize];
        (rule != NONE).then_some(rule as usize)
    }
}

/// Categories and the rules mapping hosts to them, kept consistent: every
/// rule names an existing category (or Uncategorized) and no two rules have
/// the same pattern. Category and pattern arguments are the text a person
/// typed or an id from [`Category::id`].
///
/// Serializes as `{"categories": [...], "rules": [...]}`; deserializing
/// validates that data like [`RuleBook::from_parts`] and rebuilds the index.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "StoredBook")]
pub struct RuleBook {
    categories: Vec<Category>,
    rules: Vec<Rule>,
    uncategorized: Category,
    by_domain: HashMap<Box<str>, Slot, BuildHasherDefault<FxHasher>>,
    /// For each rule, the position of its category, or `NONE` for
    /// Uncategorized.
    rule_category: Vec<u32>,
    /// The most labels of any indexed domain; longer suffixes are skipped.
    max_labels: usize,
}

#[derive(Serialize, Deserialize)]
struct StoredBook {
    categories: Vec<Category>,
    rules: Vec<Rule>,
}

impl TryFrom<StoredBook> for RuleBook {
    type Error = BookError;
    fn try_from(stored: StoredBook) -> Result<Self, Self::Error> {
        Self::from_parts(stored.categories, stored.rules)
    }
}

impl Serialize for RuleBook {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct StoredRef<'a> {
            categories: &'a [Category],
            rules: &'a [Rule],
        }
        StoredRef {
            categories: &self.categories,
            rules: &self.rules,
        }
        .serialize(serializer)
    }
}

impl Default for RuleBook {
    fn default() -> Self {
        Self::with_defaults()
    }
}

impl PartialEq for RuleBook {
    fn eq(&self, other: &Self) -> bool {
        self.categories == other.categories && self.rules == other.rules
    }
}

impl Eq for RuleBook {}

impl RuleBook {
    /// No categories but Uncategorized, and no rules.
    pub fn empty() -> Self {
        Self {
            categories: Vec::new(),
            rules: Vec::new(),
            uncategorized: Category::uncategorized(),
            by_domain: HashMap::default(),
            rule_category: Vec::new(),
            max_labels: 0,
        }
    }

    /// The default categories and rule pack of [`crate::default_rules`].
    pub fn with_defaults() -> Self {
        // Tests check that every entry is accepted; skipping instead of
        // panicking keeps panic formatting out of the .wasm.
        let mut book = Self::empty();
        for &(id, name, colour, work) in DEFAULT_CATEGORIES {
            if let (Ok(id), Ok(colour)) = (CategoryId::parse(id), Colour::parse(colour)) {
                book.categories.push(Category {
                    id,
                    name: text::say(name, &[]),
                    colour,
                    work,
                });
            }
        }
        for &(category, patterns) in DEFAULT_RULES {
            for pattern in patterns {
                let _ = book.add_rule(pattern, category);
            }
        }
        book
    }

    /// Builds a book from stored parts, checking everything an edit would.
    pub fn from_parts(categories: Vec<Category>, rules: Vec<Rule>) -> Result<Self, BookError> {
        let mut book = Self::empty();
        for category in categories {
            if category.is_uncategorized() {
                return Err(CategoryError::ReservedId.into());
            }
            if book.position(category.id.as_str()).is_some() {
                return Err(BookError::DuplicateCategoryId(category.id.into()));
            }
            let name = check_name(&category.name)?;
            book.check_name_free(&name, None)?;
            book.categories.push(Category { name, ..category });
        }
        for rule in rules {
            book.insert_rule(rule)?;
        }
        Ok(book)
    }

    /// The person's categories, in display order, without Uncategorized.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn uncategorized(&self) -> &Category {
        &self.uncategorized
    }

    /// The category with this id, Uncategorized included.
    pub fn category(&self, id: &str) -> Option<&Category> {
        if id == self.uncategorized.id.as_str() {
            Some(&self.uncategorized)
        } else {
            self.position(id).map(|i| &self.categories[i])
        }
    }

    /// All rules, in the order they were added.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// How many rules send hosts to the category `id`.
    pub fn rules_using(&self, id: &str) -> usize {
        self.rules
            .iter()
            .filter(|rule| rule.category.as_str() == id)
            .count()
    }

    /// Adds a category after the others and returns its id, a slug of the
    /// name made unique with `-2`, `-3`, ... (`category` if the name has no
    /// ASCII letters or digits).
    pub fn add_category(
        &mut self,
        name: &str,
        colour: &str,
        work: bool,
    ) -> Result<CategoryId, BookError> {
        let name = check_name(name)?;
        let colour = Colour::parse(colour)?;
        self.check_name_free(&name, None)?;
        let base = CategoryId::slug_of(&name).map_or_else(|| "category".to_owned(), String::from);
        let mut id = base.clone();
        let mut n = 1;
        while self.category(&id).is_some() {
            n += 1;
            let suffix = format!("-{n}");
            let keep = base.len().min(crate::category::MAX_ID_LEN - suffix.len());
            let stem = base.get(..keep).unwrap_or(&base).trim_end_matches('-');
            id = format!("{stem}{suffix}");
        }
        let id = CategoryId::parse(&id)?;
        self.categories
            .push(Category::new(id.clone(), &name, colour, work)?);
        Ok(id)
    }

    pub fn rename_category(&mut self, id: &str, name: &str) -> Result<(), BookError> {
        let i = self.editable(id, "coreBuiltInRenamed")?;
        let name = check_name(name)?;
        self.check_name_free(&name, Some(i))?;
        self.categories[i].name = name;
        Ok(())
    }

    pub fn recolour_category(&mut self, id: &str, colour: &str) -> Result<(), BookError> {
        let i = self.editable(id, "coreBuiltInRecoloured")?;
        self.categories[i].colour = Colour::parse(colour)?;
        Ok(())
    }

    /// Sets whether time in the category counts as work.
    pub fn set_category_work(&mut self, id: &str, work: bool) -> Result<(), BookError> {
        let i = self.editable(id, "coreBuiltInChanged")?;
        self.categories[i].work = work;
        Ok(())
    }

    /// Deletes a category. Its rules move to `move_rules_to` (which may be
    /// Uncategorized); without it, a category that rules use is not deleted.
    /// Returns how many rules moved.
    pub fn delete_category(
        &mut self,
        id: &str,
        move_rules_to: Option<&str>,
    ) -> Result<usize, BookError> {
        let i = self.editable(id, "coreBuiltInDeleted")?;
        let used = self.rules_using(id);
        let target = match move_rules_to {
            _ if used == 0 => None,
            None => {
                return Err(BookError::CategoryInUse {
                    name: self.categories[i].name.clone(),
                    rules: used,
                })
            }
            Some(target) if target == id => {
                return Err(BookError::MoveToSelf(self.categories[i].name.clone()))
            }
            Some(target) => Some(
                self.category(target)
                    .ok_or_else(|| BookError::UnknownCategory(target.to_owned()))?
                    .id
                    .clone(),
            ),
        };
        if let Some(target) = target {
            for rule in &mut self.rules {
                if rule.category.as_str() == id {
                    rule.category = target.clone();
                }
            }
        }
        self.categories.remove(i);
        self.reindex();
        Ok(used)
    }

    /// Adds a rule sending hosts that match `pattern` (as typed: see
    /// [`site_field`]) to `category`.
    pub fn add_rule(&mut self, pattern: &str, category: &str) -> Result<(), BookError> {
        let rule = Rule {
            pattern: site_field::read(pattern, Field::Rule)?.pattern()?,
            category: self.known_category(category)?,
        };
        self.insert_rule(rule)
    }

    /// Replaces the rule for `pattern` with one for `new_pattern` and
    /// `category`, keeping its place in the list.
    pub fn edit_rule(
        &mut self,
        pattern: &str,
        new_pattern: &str,
        category: &str,
    ) -> Result<(), BookError> {
        let i = self.rule_position(pattern)?;
        let new_pattern = site_field::read(new_pattern, Field::Rule)?.pattern()?;
        let category = self.known_category(category)?;
        if new_pattern != self.rules[i].pattern {
            if let Some(other) = self.find_rule(&new_pattern) {
                return Err(self.duplicate(other));
            }
        }
        self.rules[i] = Rule {
            pattern: new_pattern,
            category,
        };
        self.reindex();
        Ok(())
    }

    /// Deletes the rule for `pattern` and returns it.
    pub fn delete_rule(&mut self, pattern: &str) -> Result<Rule, BookError> {
        let i = self.rule_position(pattern)?;
        let rule = self.rules.remove(i);
        self.reindex();
        Ok(rule)
    }

    /// Sends `host` (normalized) to `category` with one rule, as a person
    /// filing a site would: the rule naming exactly that host is edited in
    /// place, or else a rule for the host and its subdomains is added. Then
    /// [`RuleBook::classify`] gives `host` that category.
    pub fn file_site(&mut self, host: &str, category: &str) -> Result<(), BookError> {
        match self.matching_rule(host) {
            Some(rule) if rule.pattern.domain() == host => {
                let pattern = rule.pattern.to_string();
                self.edit_rule(&pattern, &pattern, category)
            }
            _ => self.add_rule(host, category),
        }
    }

    /// Replaces all categories and rules with the defaults.
    pub fn restore_defaults(&mut self) {
        *self = Self::with_defaults();
    }

    /// The category of `host` (already normalized: lowercase, no trailing
    /// dot, no port).
    pub fn classify(&self, host: &str) -> &Category {
        self.category_of(self.winner(host))
    }

    /// The rule that decides `host`'s category, if any.
    pub fn matching_rule(&self, host: &str) -> Option<&Rule> {
        self.winner(host).map(|i| &self.rules[i])
    }

    pub fn explain<'a>(&'a self, host: &'a str) -> Explanation<'a> {
        let winner = self.winner(host);
        Explanation {
            host,
            rule: winner.map(|i| &self.rules[i]),
            category: self.category_of(winner),
        }
    }

    fn winner(&self, host: &str) -> Option<usize> {
        use PatternKind::*;
        // Suffix k starts after the k-th dot (suffix 0 is the host) and has
        // `dots + 1 - k` labels; those with more than any rule are skipped.
        let dots = host.bytes().filter(|&b| b == b'.').count();
        let first = (dots + 1).saturating_sub(self.max_labels);
        if first == 0 {
            if let Some(slot) = self.by_domain.get(host) {
                if let Some(rule) = slot.get(Exact).or_else(|| slot.get(HostAndSubdomains)) {
                    return Some(rule);
                }
            }
        }
        let mut k = 0;
        for (dot, &byte) in host.as_bytes().iter().enumerate() {
            if byte != b'.' {
                continue;
            }
            k += 1;
            if k < first {
                continue;
            }
            let Some(suffix) = host.get(dot + 1..) else {
                break;
            };
            if let Some(slot) = self.by_domain.get(suffix) {
                let wildcard = if dot > 0 { slot.get(Wildcard) } else { None };
                if let Some(rule) = wildcard.or_else(|| slot.get(HostAndSubdomains)) {
                    return Some(rule);
                }
            }
        }
        None
    }

    fn category_of(&self, rule: Option<usize>) -> &Category {
        match rule.map(|i| self.rule_category[i]) {
            Some(c) if c != NONE => &self.categories[c as usize],
            _ => &self.uncategorized,
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id.as_str() == id)
    }

    fn editable(&self, id: &str, action: &'static str) -> Result<usize, BookError> {
        if id == self.uncategorized.id.as_str() {
            return Err(BookError::BuiltIn(action));
        }
        self.position(id)
            .ok_or_else(|| BookError::UnknownCategory(id.to_owned()))
    }

    fn known_category(&self, id: &str) -> Result<CategoryId, BookError> {
        self.category(id)
            .map(|c| c.id.clone())
            .ok_or_else(|| BookError::UnknownCategory(id.to_owned()))
    }

    /// Checks no category but the one at `except` is called `name`, ignoring
    /// ASCII case (Unicode case tables would cost more .wasm than they help).
    fn check_name_free(&self, name: &str, except: Option<usize>) -> Result<(), BookError> {
        let taken = self.uncategorized.name.eq_ignore_ascii_case(name)
            || self
                .categories
                .iter()
                .enumerate()
                .any(|(i, c)| Some(i) != except && c.name.eq_ignore_ascii_case(name));
        if taken {
            Err(BookError::DuplicateCategoryName(name.to_owned()))
        } else {
            Ok(())
        }
    }

    fn find_rule(&self, pattern: &Pattern) -> Option<usize> {
        self.by_domain
            .get(pattern.domain())
            .and_then(|slot| slot.get(pattern.kind()))
    }

    fn rule_position(&self, pattern: &str) -> Result<usize, BookError> {
        let pattern = Pattern::parse(pattern)?;
        self.find_rule(&pattern)
            .ok_or_else(|| BookError::UnknownRule(pattern.to_string()))
    }

    fn duplicate(&self, existing: usize) -> BookError {
        let rule = &self.rules[existing];
        BookError::DuplicatePattern {
            pattern: rule.pattern.to_string(),
            category: self.category_of(Some(existing)).name.clone(),
        }
    }

    /// Appends a rule after checking its category exists and its pattern is new.
    fn insert_rule(&mut self, rule: Rule) -> Result<(), BookError> {
        let category = if rule.category.is_uncategorized() {
            NONE
        } else {
            self.position(rule.category.as_str())
                .ok_or_else(|| BookError::UnknownCategory(rule.category.to_string()))?
                as u32
        };
        if let Some(existing) = self.find_rule(&rule.pattern) {
            return Err(self.duplicate(existing));
        }
        if self.rules.len() >= MAX_RULES {
            return Err(BookError::TooManyRules);
        }
        self.index_rule(self.rules.len(), &rule.pattern);
        self.rules.push(rule);
        self.rule_category.push(category);
        Ok(())
    }

    fn index_rule(&mut self, i: usize, pattern: &Pattern) {
        let slot = self
            .by_domain
            .entry(pattern.domain.clone())
            .or_insert(Slot([NONE; 3]));
        slot.0[pattern.kind as usize] = i as u32;
        self.max_labels = self.max_labels.max(pattern.literal_labels());
    }

    /// Rebuilds the index after rules or categories moved.
    fn reindex(&mut self) {
        self.by_domain.clear();
        self.max_labels = 0;
        let rules = std::mem::take(&mut self.rules);
        for (i, rule) in rules.iter().enumerate() {
            self.index_rule(i, &rule.pattern);
        }
        self.rule_category = rules
            .iter()
            .map(|rule| {
                self.position(rule.category.as_str())
                    .map_or(NONE, |c| c as u32)
            })
            .collect();
        self.rules = rules;
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;

    use proptest::prelude::*;

    use super::*;

    fn pattern(text: &str) -> Pattern {
        Pattern::parse(text).unwrap()
    }

    fn problem(text: &str) -> PatternProblem {
        Pattern::parse(text).unwrap_err().problem
    }

    /// A book with three categories and the given `(pattern, category)` rules.
    fn book(rules: &[(&str, &str)]) -> RuleBook {
        let mut book = RuleBook::empty();
        for name in ["A", "B", "C"] {
            book.add_category(name, "#000000", true).unwrap();
        }
        for (p, c) in rules {
            book.add_rule(p, c).unwrap();
        }
        book
    }

    fn class<'a>(book: &'a RuleBook, host: &str) -> &'a str {
        book.classify(host).id.as_str()
    }

    #[test]
    fn parse_normalizes_what_people_type() {
        use PatternKind::*;
        for (input, kind, domain, shown) in [
            ("google.com", HostAndSubdomains, "google.com", "google.com"),
            (
                "  Docs.Google.COM. ",
                HostAndSubdomains,
                "docs.google.com",
                "docs.google.com",
            ),
            (
                "=docs.google.com",
                Exact,
                "docs.google.com",
                "=docs.google.com",
            ),
            (
                "=Docs.Google.com.",
                Exact,
                "docs.google.com",
                "=docs.google.com",
            ),
            (
                "*.atlassian.net",
                Wildcard,
                "atlassian.net",
                "*.atlassian.net",
            ),
            ("*.COM", Wildcard, "com", "*.com"),
            ("localhost", HostAndSubdomains, "localhost", "localhost"),
            (
                "xn--bcher-kva.example",
                HostAndSubdomains,
                "xn--bcher-kva.example",
                "xn--bcher-kva.example",
            ),
            (
                "my_host.local",
                HostAndSubdomains,
                "my_host.local",
                "my_host.local",
            ),
            (
                "192.168.0.1",
                HostAndSubdomains,
                "192.168.0.1",
                "192.168.0.1",
            ),
        ] {
            let p = pattern(input);
            assert_eq!((p.kind(), p.domain()), (kind, domain), "{input}");
            assert_eq!(p.to_string(), shown);
            assert_eq!(pattern(shown), p);
        }
    }

    #[test]
    fn parse_refuses_what_is_not_a_host() {
        use PatternProblem::*;
        let long_label = format!("{}.com", "a".repeat(64));
        let long_host = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        for (input, expected) in [
            ("", Empty),
            ("   ", Empty),
            ("=", Empty),
            (".", Empty),
            ("https://docs.google.com/document", Scheme),
            ("docs.google.com/document/d/1", Path),
            ("example.com:8080", Port),
            ("exa mple.com", Space),
            ("bü cher.de", Space),
            ("bü!cher.de", NonAscii('ü')),
            ("mailto:me", InvalidChar(':')),
            ("user@example.com", InvalidChar('@')),
            ("example.com?q=1", InvalidChar('?')),
            ("[::1]", InvalidChar('[')),
            ("==example.com", InvalidChar('=')),
            ("*", WildcardAlone),
            ("*.", WildcardAlone),
            ("*x.com", MisplacedWildcard),
            ("a.*.com", MisplacedWildcard),
            ("=*.example.com", MisplacedWildcard),
            ("*.*.example.com", MisplacedWildcard),
            (".google.com", EmptyLabel),
            ("google..com", EmptyLabel),
            ("google.com..", EmptyLabel),
            (long_label.as_str(), LabelTooLong),
            (long_host.as_str(), TooLong),
        ] {
            assert_eq!(problem(input), expected, "{input:?}");
        }
    }

    #[test]
    fn pattern_errors_are_sentences_that_help() {
        let msg = |text: &str| Pattern::parse(text).unwrap_err().to_string();
        assert_eq!(
            msg("https://docs.google.com/document"),
            "“https://docs.google.com/document” is a web address: a rule names only the site, such as docs.google.com."
        );
        assert_eq!(
            msg(""),
            "The rule has no site: type one, such as example.com."
        );
        assert!(msg("example.com:8080").contains("port"));
        assert!(msg("a.*.com").contains("*.atlassian.net"));
        for bad in ["=", "a b", "a..b", "*", "a/b", "a;b", "bü!cher.de"] {
            let m = msg(bad);
            assert!(m.contains(&format!("“{bad}”")) && m.ends_with('.'), "{m}");
            assert!(!m.contains('`'), "{m}");
        }
    }

    #[test]
    fn patterns_match_by_kind() {
        for (p, host, expected) in [
            ("google.com", "google.com", true),
            ("google.com", "mail.google.com", true),
            ("google.com", "a.b.google.com", true),
            ("google.com", "notgoogle.com", false),
            ("google.com", "google.com.evil", false),
            ("=docs.google.com", "docs.google.com", true),
            ("=docs.google.com", "x.docs.google.com", false),
            ("=docs.google.com", "google.com", false),
            ("*.atlassian.net", "acme.atlassian.net", true),
            ("*.atlassian.net", "a.b.atlassian.net", true),
            ("*.atlassian.net", "atlassian.net", false),
            ("*.atlassian.net", "xatlassian.net", false),
        ] {
            assert_eq!(pattern(p).matches(host), expected, "{p} on {host}");
        }
    }

    #[test]
    fn most_literal_labels_win_then_exact_wildcard_subdomains() {
        let book = book(&[
            ("example.com", "a"),
            ("*.example.com", "b"),
            ("=example.com", "c"),
            ("deep.example.com", "a"),
            ("=x.deep.example.com", "b"),
            ("*.deep.example.com", "c"),
        ]);
        for (host, expected) in [
            ("example.com", "c"),     // exact beats host-and-subdomains
            ("www.example.com", "b"), // wildcard beats host-and-subdomains
            ("a.b.example.com", "b"),
            ("deep.example.com", "a"),     // three labels beat two
            ("y.deep.example.com", "c"),   // wildcard of three labels
            ("x.deep.example.com", "b"),   // four labels
            ("z.x.deep.example.com", "c"), // the exact rule does not extend
            ("other.com", "uncategorized"),
            ("com", "uncategorized"),
            ("", "uncategorized"),
        ] {
            assert_eq!(class(&book, host), expected, "{host}");
        }
        let mut carved = book.clone();
        carved
            .add_rule("private.example.com", "uncategorized")
            .unwrap();
        assert_eq!(class(&carved, "a.private.example.com"), "uncategorized");
        assert_eq!(
            carved
                .matching_rule("a.private.example.com")
                .unwrap()
                .pattern,
            pattern("private.example.com")
        );
    }

    #[test]
    fn explain_names_rule_and_category() {
        let book = RuleBook::with_defaults();
        let e = book.explain("docs.google.com");
        assert_eq!(e.rule.unwrap().pattern, pattern("docs.google.com"));
        assert_eq!(e.category.name, "Work tools");
        assert_eq!(
            e.sentence(),
            "docs.google.com matches the rule docs.google.com: Work tools"
        );
        let e = book.explain("acme.atlassian.net");
        assert_eq!(
            e.to_string(),
            "acme.atlassian.net matches the rule *.atlassian.net: Work tools"
        );
        let e = book.explain("docs.example");
        assert!(e.rule.is_none() && e.category.is_uncategorized());
        assert_eq!(e.sentence(), "no rule matched docs.example; Uncategorized");
    }

    #[test]
    fn default_pack_is_large_and_consistent() {
        let book = RuleBook::with_defaults();
        assert!(book.rules().len() >= 200, "{}", book.rules().len());
        let table: Vec<(&str, &str)> = DEFAULT_RULES
            .iter()
            .flat_map(|&(category, patterns)| patterns.iter().map(move |&p| (p, category)))
            .collect();
        // with_defaults skips what it refuses, so equal counts mean all were accepted.
        assert_eq!(book.rules().len(), table.len());
        assert_eq!(book.categories().len(), DEFAULT_CATEGORIES.len());
        let ids: Vec<_> = book.categories().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "work",
                "communication",
                "research",
                "development",
                "social",
                "entertainment",
                "news",
                "shopping"
            ]
        );
        for c in book.categories() {
            let work =
                ["work", "communication", "research", "development"].contains(&c.id.as_str());
            assert_eq!(c.work, work, "{}", c.id);
            assert!(
                book.rules_using(c.id.as_str()) >= 10,
                "{} has few rules",
                c.id
            );
        }
        assert_eq!(book.category("research").unwrap().name, "Research and docs");
        assert!(!book.uncategorized().work);
        // Every rule is written in canonical form and decides its own domain.
        for (text, category) in table {
            let p = pattern(text);
            assert_eq!(p.to_string(), text);
            let host = match p.kind() {
                PatternKind::Wildcard => format!("tenant.{}", p.domain()),
                _ => p.domain().to_owned(),
            };
            assert_eq!(class(&book, &host), category, "{host}");
        }
    }

    #[test]
    fn default_pack_handles_subtle_hosts() {
        let book = RuleBook::default();
        for (host, expected) in [
            ("google.com", "research"),
            ("www.google.com", "research"),
            ("www.google.de", "research"),
            ("mail.google.com", "communication"),
            ("gmail.com", "communication"),
            ("meet.google.com", "communication"),
            ("docs.google.com", "work"),
            ("sheets.google.com", "work"),
            ("calendar.google.com", "work"),
            ("news.google.com", "news"),
            ("scholar.google.com", "research"),
            ("console.cloud.google.com", "development"),
            ("colab.research.google.com", "development"),
            ("www.notion.so", "work"),
            ("acme.notion.site", "work"),
            ("acme.atlassian.net", "work"),
            ("atlassian.net", "uncategorized"),
            ("acme.sharepoint.com", "work"),
            ("outlook.office.com", "communication"),
            ("www.office.com", "work"),
            ("outlook.live.com", "communication"),
            ("onedrive.live.com", "work"),
            ("teams.microsoft.com", "communication"),
            ("learn.microsoft.com", "research"),
            ("www.microsoft.com", "uncategorized"),
            ("acme.slack.com", "communication"),
            ("us02web.zoom.us", "communication"),
            ("en.wikipedia.org", "research"),
            ("en.m.wikipedia.org", "research"),
            ("developer.mozilla.org", "research"),
            ("math.stackexchange.com", "research"),
            ("docs.rs", "research"),
            ("crates.io", "development"),
            ("www.npmjs.com", "development"),
            ("github.com", "development"),
            ("gist.github.com", "development"),
            ("rust-lang.github.io", "research"),
            ("serde.readthedocs.io", "research"),
            ("www.amazon.com", "shopping"),
            ("aws.amazon.com", "development"),
            ("console.aws.amazon.com", "development"),
            ("docs.aws.amazon.com", "research"),
            ("music.amazon.com", "entertainment"),
            ("www.youtube.com", "entertainment"),
            ("m.youtube.com", "entertainment"),
            ("open.spotify.com", "entertainment"),
            ("www.linkedin.com", "social"),
            ("old.reddit.com", "social"),
            ("x.com", "social"),
            ("web.whatsapp.com", "social"),
            ("www.whatsapp.com", "uncategorized"),
            ("news.ycombinator.com", "news"),
            ("mail.yahoo.com", "communication"),
            ("finance.yahoo.com", "news"),
            ("www.bbc.co.uk", "news"),
            ("admin.shopify.com", "work"),
            ("acme.myshopify.com", "shopping"),
            ("myshopify.com", "uncategorized"),
            ("docs.example", "uncategorized"),
        ] {
            assert_eq!(
                class(&book, host),
                expected,
                "{host}: {}",
                book.explain(host)
            );
        }
    }

    #[test]
    fn categories_are_edited_safely() {
        let mut book = RuleBook::with_defaults();
        let id = book.add_category("  Deep work ", "#112233", true).unwrap();
        assert_eq!(id.as_str(), "deep-work");
        let c = book.category("deep-work").unwrap();
        assert_eq!(
            (c.name.as_str(), c.colour, c.work),
            ("Deep work", Colour([0x11, 0x22, 0x33]), true)
        );
        assert_eq!(book.categories().last().unwrap().id, id);

        assert_eq!(
            book.add_category("deep WORK", "#000000", true),
            Err(BookError::DuplicateCategoryName("deep WORK".into()))
        );
        assert_eq!(
            book.add_category("uncategorized", "#000000", true),
            Err(BookError::DuplicateCategoryName("uncategorized".into()))
        );
        assert!(matches!(
            book.add_category("Misc", "blue", false),
            Err(BookError::Category(CategoryError::InvalidColour(_)))
        ));
        assert!(matches!(
            book.add_category(" ", "#000000", false),
            Err(BookError::Category(CategoryError::EmptyName))
        ));
        // Same slug, new id; names without ASCII get a generic id.
        assert_eq!(
            book.add_category("Deep-work!", "#000000", true)
                .unwrap()
                .as_str(),
            "deep-work-2"
        );
        assert_eq!(
            book.add_category("Uncategorized!", "#000000", true)
                .unwrap()
                .as_str(),
            "uncategorized-2"
        );
        assert_eq!(
            book.add_category("工作", "#000000", true).unwrap().as_str(),
            "category"
        );
        assert_eq!(
            book.add_category("休息", "#000000", true).unwrap().as_str(),
            "category-2"
        );

        book.rename_category("deep-work", "Focus").unwrap();
        book.rename_category("deep-work", "FOCUS").unwrap();
        assert_eq!(book.category("deep-work").unwrap().name, "FOCUS");
        assert_eq!(
            book.rename_category("deep-work", "Social"),
            Err(BookError::DuplicateCategoryName("Social".into()))
        );
        book.recolour_category("deep-work", "#ABCDEF").unwrap();
        assert_eq!(
            book.category("deep-work").unwrap().colour.to_string(),
            "#abcdef"
        );
        book.set_category_work("social", true).unwrap();
        assert!(book.classify("www.facebook.com").work);
        assert_eq!(
            book.rename_category("nope", "X"),
            Err(BookError::UnknownCategory("nope".into()))
        );
        for err in [
            book.rename_category("uncategorized", "Other").unwrap_err(),
            book.recolour_category("uncategorized", "#000000")
                .unwrap_err(),
            book.delete_category("uncategorized", None).unwrap_err(),
        ] {
            assert!(matches!(err, BookError::BuiltIn(_)));
            assert!(err
                .to_string()
                .starts_with("Uncategorized is built in and cannot be "));
        }
    }

    #[test]
    fn deleting_a_used_category_needs_a_destination() {
        let mut book = RuleBook::with_defaults();
        let shopping = book.rules_using("shopping");
        let err = book.delete_category("shopping", None).unwrap_err();
        assert_eq!(
            err,
            BookError::CategoryInUse {
                name: "Shopping".into(),
                rules: shopping
            }
        );
        assert_eq!(
            err.to_string(),
            format!("Shopping is used by {shopping} rules: move them to another category or delete them first.")
        );
        assert_eq!(
            book.delete_category("shopping", Some("shopping")),
            Err(BookError::MoveToSelf("Shopping".into()))
        );
        assert_eq!(
            book.delete_category("shopping", Some("nope")),
            Err(BookError::UnknownCategory("nope".into()))
        );
        assert!(book.category("shopping").is_some());

        // Deleting a category before others shifts positions; the index follows.
        let work = book.rules_using("work");
        assert_eq!(
            book.delete_category("work", Some("communication")),
            Ok(work)
        );
        assert!(book.category("work").is_none());
        assert_eq!(class(&book, "docs.google.com"), "communication");
        assert_eq!(class(&book, "www.amazon.com"), "shopping");
        assert_eq!(
            book.delete_category("shopping", Some("uncategorized")),
            Ok(shopping)
        );
        assert_eq!(class(&book, "www.amazon.com"), "uncategorized");
        assert_eq!(
            book.explain("www.amazon.com").rule.unwrap().pattern,
            pattern("amazon.com")
        );
        assert_eq!(class(&book, "www.youtube.com"), "entertainment");

        book.add_category("Empty", "#000000", false).unwrap();
        assert_eq!(book.delete_category("empty", None), Ok(0));
        assert_eq!(
            BookError::CategoryInUse {
                name: "X".into(),
                rules: 1
            }
            .to_string(),
            "X is used by 1 rule: move it to another category or delete it first."
        );
    }

    #[test]
    fn rules_are_edited_safely() {
        let mut book = book(&[("example.com", "a")]);
        assert_eq!(
            book.add_rule("=Example.COM.", "zzz"),
            Err(BookError::UnknownCategory("zzz".into()))
        );
        let dup = book.add_rule(" EXAMPLE.com. ", "b").unwrap_err();
        assert_eq!(
            dup,
            BookError::DuplicatePattern {
                pattern: "example.com".into(),
                category: "A".into()
            }
        );
        assert_eq!(
            dup.to_string(),
            "There is already a rule for example.com (category A)."
        );
        // Typed in the rule field: a web address stands for its host.
        assert!(matches!(
            book.add_rule("https://example.com/x", "a"),
            Err(BookError::DuplicatePattern { .. })
        ));
        assert!(matches!(
            book.add_rule("example .com", "a"),
            Err(BookError::Site(_))
        ));
        book.add_rule("*.bücher.example", "a").unwrap();
        assert_eq!(class(&book, "www.xn--bcher-kva.example"), "a");
        assert_eq!(
            book.add_rule("*.xn--bcher-kva.example", "b")
                .unwrap_err()
                .to_string(),
            "There is already a rule for *.bücher.example (category A)."
        );
        book.delete_rule("*.xn--bcher-kva.example").unwrap();
        book.add_rule("=example.com", "b").unwrap();
        book.add_rule("*.example.com", "c").unwrap();
        assert_eq!(class(&book, "example.com"), "b");

        book.edit_rule("=example.com", "=example.com", "c").unwrap();
        assert_eq!(class(&book, "example.com"), "c");
        assert_eq!(
            book.edit_rule("=example.com", "*.example.com", "a"),
            Err(BookError::DuplicatePattern {
                pattern: "*.example.com".into(),
                category: "C".into()
            })
        );
        book.edit_rule("*.example.com", "*.other.org", "b").unwrap();
        assert_eq!(class(&book, "www.example.com"), "a");
        assert_eq!(class(&book, "www.other.org"), "b");
        let order: Vec<_> = book.rules().iter().map(|r| r.pattern.to_string()).collect();
        assert_eq!(order, ["example.com", "=example.com", "*.other.org"]);
        assert_eq!(
            book.edit_rule("nothing.org", "x.org", "a"),
            Err(BookError::UnknownRule("nothing.org".into()))
        );

        let removed = book.delete_rule("=EXAMPLE.com").unwrap();
        assert_eq!(removed.pattern, pattern("=example.com"));
        assert_eq!(class(&book, "example.com"), "a");
        assert_eq!(class(&book, "www.other.org"), "b");
        assert_eq!(
            book.delete_rule("=example.com"),
            Err(BookError::UnknownRule("=example.com".into()))
        );
        assert_eq!(book.rules().len(), 2);

        book.restore_defaults();
        assert_eq!(book, RuleBook::with_defaults());
    }

    #[test]
    fn serde_keeps_categories_and_rules_and_rebuilds_the_index() {
        let mut book = RuleBook::with_defaults();
        book.add_category("Focus", "#123456", true).unwrap();
        book.add_rule("=focus.example", "focus").unwrap();
        let json = serde_json::to_string(&book).unwrap();
        assert!(json.starts_with(
            r##"{"categories":[{"id":"work","name":"Work tools","colour":"#2563eb","work":true}"##
        ));
        assert!(json.contains(r#"{"pattern":"*.atlassian.net","category":"work"}"#));
        let back: RuleBook = serde_json::from_str(&json).unwrap();
        assert_eq!(back, book);
        for host in [
            "focus.example",
            "mail.google.com",
            "acme.atlassian.net",
            "nothing.example",
        ] {
            assert_eq!(back.classify(host), book.classify(host));
        }
    }

    #[test]
    fn bad_stored_data_is_refused_with_a_reason() {
        let load = |json: &str| {
            serde_json::from_str::<RuleBook>(json)
                .unwrap_err()
                .to_string()
        };
        let cat = r##"{"id":"a","name":"A","colour":"#000000","work":true}"##;
        let cases = [
            (format!(r#"{{"categories":[{cat}],"rules":[{{"pattern":"x.com","category":"b"}}]}}"#), "A rule names a category that does not exist (“b”)."),
            (format!(r#"{{"categories":[{cat},{cat}],"rules":[]}}"#), "Two categories are the same one (“a”)"),
            (
                format!(r#"{{"categories":[{cat}],"rules":[{{"pattern":"x.com","category":"a"}},{{"pattern":"X.com.","category":"a"}}]}}"#),
                "There is already a rule for x.com",
            ),
            (format!(r#"{{"categories":[{cat}],"rules":[{{"pattern":"x.com/a","category":"a"}}]}}"#), "has a path"),
            (r##"{"categories":[{"id":"a","name":"A","colour":"red","work":true}],"rules":[]}"##.into(), "“red” is not a colour"),
            (r##"{"categories":[{"id":"A","name":"A","colour":"#000000","work":true}],"rules":[]}"##.into(), "which is not allowed"),
            (r##"{"categories":[{"id":"uncategorized","name":"U","colour":"#000000","work":true}],"rules":[]}"##.into(), "built-in"),
            (r##"{"categories":[{"id":"a","name":" ","colour":"#000000","work":true}],"rules":[]}"##.into(), "needs a name"),
        ];
        for (json, expected) in cases {
            let msg = load(&json);
            assert!(msg.contains(expected), "{msg}");
        }
    }

    /// The specification the index must agree with: scan every rule.
    fn naive_winner(book: &RuleBook, host: &str) -> Option<usize> {
        book.rules()
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.pattern.matches(host))
            .max_by_key(|(i, rule)| (rule.pattern.specificity(), Reverse(*i)))
            .map(|(i, _)| i)
    }

    fn label() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["a", "b", "c", "www", "x-y"])
    }

    fn arb_host() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::collection::vec(label(), 1..6).prop_map(|labels| labels.join(".")),
            1 => "[ab.]{0,8}",
        ]
    }

    fn arb_pattern() -> impl Strategy<Value = String> {
        (0..3u8, prop::collection::vec(label(), 1..4)).prop_map(|(kind, labels)| {
            let prefix = ["", "=", "*."][kind as usize];
            format!("{prefix}{}", labels.join("."))
        })
    }

    proptest! {
        #[test]
        fn index_agrees_with_a_linear_scan(
            rules in prop::collection::vec((arb_pattern(), 0..4usize), 0..40),
            deletions in prop::collection::vec(arb_pattern(), 0..5),
            hosts in prop::collection::vec(arb_host(), 1..20),
        ) {
            let mut book = book(&[]);
            let categories = ["a", "b", "c", "uncategorized"];
            for (p, c) in &rules {
                // Duplicates are refused; the first rule for a pattern stays.
                let _ = book.add_rule(p, categories[*c]);
            }
            for p in &deletions {
                let _ = book.delete_rule(p);
            }
            if !rules.is_empty() {
                book.delete_category("b", Some("c")).unwrap();
            }
            for host in &hosts {
                let expected = naive_winner(&book, host);
                prop_assert_eq!(book.matching_rule(host), expected.map(|i| &book.rules()[i]));
                let category = expected.map_or("uncategorized", |i| book.rules()[i].category.as_str());
                prop_assert_eq!(class(&book, host), category);
            }
        }

        #[test]
        fn patterns_print_as_they_parse(text in arb_pattern(), upper in any::<bool>(), dot in any::<bool>()) {
            let typed = format!("{}{}", if upper { text.to_uppercase() } else { text.clone() }, if dot { "." } else { "" });
            let p = pattern(&typed);
            prop_assert_eq!(p.to_string(), text.clone());
            prop_assert_eq!(pattern(&p.to_string()), p);
        }

        #[test]
        fn parse_never_panics_and_accepts_only_hosts(text in "\\PC{0,30}") {
            if let Ok(p) = Pattern::parse(&text) {
                prop_assert!(p.domain().split('.').all(|l| !l.is_empty()
                    && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')));
            }
        }
    }
}
