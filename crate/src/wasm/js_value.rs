//! Rust values to and from plain JavaScript values, through serde.
//!
//! [`to_value`] makes what serde-wasm-bindgen's JSON-compatible serializer
//! makes, and [`from_value`] reads what its deserializer reads for the types
//! of this crate: `null` and `undefined` are nothing, numbers are integers when
//! they are safe integers, objects are maps or structs (a struct reads only
//! its own fields), arrays are sequences, and an enum is its variant's name
//! or `{variant: payload}`. This file exists for size: its error type
//! describes unexpected values itself, which keeps Rust's float formatting
//! (about 20 KB) out of the .wasm, and its code per type is smaller.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Unexpected};
use serde::ser;
use wasm_bindgen::{JsCast, JsValue};

use crate::text;

/// Reads `value` as a `T`.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Value(value))
}

/// Why a value could not be read or written: a message for a person.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected, exp: &dyn de::Expected) -> Self {
        Error(text::say(
            "coreInvalidType",
            &[&Described(unexp), &Expecting(exp)],
        ))
    }

    fn invalid_value(unexp: Unexpected, exp: &dyn de::Expected) -> Self {
        Error(text::say(
            "coreInvalidValue",
            &[&Described(unexp), &Expecting(exp)],
        ))
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        Error(text::say("coreInvalidLength", &[&len, &exp]))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut list = String::new();
        for name in expected {
            if !list.is_empty() {
                list.push_str("`, `");
            }
            list.push_str(name);
        }
        let expected = list;
        Error(text::say("coreUnknownVariant", &[&variant, &expected]))
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        Error(text::say("coreUnknownField", &[&field]))
    }

    fn missing_field(field: &'static str) -> Self {
        Error(text::say("coreMissingField", &[&field]))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error(text::say("coreDuplicateField", &[&field]))
    }
}

/// [`Unexpected`]'s own `Display` formats floats, which costs more than
/// everything else here; a JavaScript number that is not a safe integer is
/// named without its digits.
struct Described<'a>(Unexpected<'a>);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, value): (&'static str, &dyn fmt::Display) = match &self.0 {
            Unexpected::Bool(b) => ("coreValueBoolean", b),
            Unexpected::Unsigned(n) => ("coreValueInteger", n),
            Unexpected::Signed(n) => ("coreValueInteger", n),
            Unexpected::Float(n) if n.is_nan() => return f.write_str("NaN"),
            Unexpected::Float(n) if n.fract() == 0.0 && n.abs() < 1e18 => {
                return text::write(f, "coreValueInteger", &[&(*n as i64)]);
            }
            Unexpected::Float(n) if n.is_finite() && n.fract() != 0.0 => ("coreValueFraction", &""),
            Unexpected::Float(_) => ("coreValueTooLarge", &""),
            Unexpected::Char(c) => ("coreValueText", c),
            Unexpected::Str(s) => ("coreValueText", s),
            Unexpected::Unit => return f.write_str("null"),
            Unexpected::Seq => ("coreValueArray", &""),
            Unexpected::Map => ("coreValueObject", &""),
            Unexpected::Other(other) => return f.write_str(other),
            _ => ("coreValueOther", &""),
        };
        text::write(f, key, &[value])
    }
}

/// What serde expected, in the person's words: its own are English and
/// name Rust's types (`struct VersionOnly`, `u32`, `a sequence`).
struct Expecting<'a>(&'a dyn de::Expected);

impl fmt::Display for Expecting<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let serde = self.0.to_string();
        let number = serde.len() > 1
            && matches!(serde.as_bytes()[0], b'u' | b'i' | b'f')
            && serde[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b"size".contains(&b));
        let key = match serde.as_str() {
            "a sequence" => "coreValueArray",
            "a string" => "coreExpectText",
            "a boolean" => "coreExpectBoolean",
            _ if number => "coreExpectNumber",
            s if s.starts_with("struct ") || s.starts_with("enum ") || s == "a map" => {
                "coreValueObject"
            }
            // A visitor of this crate's own (schedule.rs) says it in words.
            _ => return f.write_str(&serde),
        };
        text::write(f, key, &[&""])
    }
}

struct Value(JsValue);

/// What a JavaScript value is, found once for every visitor.
enum Kind {
    Nothing,
    Bool(bool),
    /// A safe integer.
    Integer(i64),
    Number(f64),
    Text(String),
    Array(Array),
    /// An object's `[key, value]` pairs.
    Object(Array),
    Other,
}

impl Value {
    /// Numbers and text first, in as few calls into JavaScript as can
    /// tell them: stored totals are mostly numbers and domain names, and
    /// each call costs more than the Rust around it.
    #[inline(never)]
    fn kind(&self) -> Kind {
        if let Some(n) = self.0.as_f64() {
            if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER as f64 {
                Kind::Integer(n as i64)
            } else {
                Kind::Number(n)
            }
        } else if let Some(s) = self.0.as_string() {
            Kind::Text(s)
        } else if self.is_nullish() {
            Kind::Nothing
        } else if let Some(b) = self.0.as_bool() {
            Kind::Bool(b)
        } else if Array::is_array(&self.0) {
            Kind::Array(self.0.clone().unchecked_into())
        } else if self.0.is_object() {
            Kind::Object(Object::entries(self.0.unchecked_ref()))
        } else {
            Kind::Other
        }
    }

    fn is_nullish(&self) -> bool {
        self.0.is_undefined() || self.0.is_null()
    }

    /// Not generic, so that it exists once rather than once per visitor.
    #[inline(never)]
    fn unexpected(&self, expected: &dyn de::Expected) -> Error {
        let text;
        let unexp = if self.is_nullish() {
            Unexpected::Unit
        } else if let Some(b) = self.0.as_bool() {
            Unexpected::Bool(b)
        } else if let Some(n) = self.0.as_f64() {
            Unexpected::Float(n)
        } else if let Some(s) = self.0.as_string() {
            text = s;
            Unexpected::Str(&text)
        } else if Array::is_array(&self.0) {
            Unexpected::Seq
        } else {
            Unexpected::Other("a value that is not plain data")
        };
        de::Error::invalid_type(unexp, expected)
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind() {
            Kind::Nothing => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Integer(n) => visitor.visit_i64(n),
            Kind::Number(n) => visitor.visit_f64(n),
            Kind::Text(s) => visitor.visit_string(s),
            Kind::Array(array) => visitor.visit_seq(Elements { array, next: 0 }),
            Kind::Object(entries) => visitor.visit_map(Entries {
                entries,
                next: 0,
                value: None,
            }),
            Kind::Other => Err(self.unexpected(&visitor)),
        }
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_nullish() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Reads the struct's own fields only, as serde-wasm-bindgen does:
    /// other properties are not looked at, and a field that is absent (not
    /// merely `undefined`) is missing.
    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if !self.0.is_object() {
            return Err(self.unexpected(&visitor));
        }
        visitor.visit_map(Fields {
            object: self.0,
            fields: fields.iter().enumerate(),
            value: None,
        })
    }

    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (variant, payload) = if let Some(name) = self.0.as_string() {
            (name, JsValue::UNDEFINED)
        } else if self.0.is_object() && !Array::is_array(&self.0) {
            let entries = Object::entries(self.0.unchecked_ref());
            if entries.length() != 1 {
                return Err(de::Error::invalid_length(
                    entries.length() as usize,
                    &"an object with one property, the variant",
                ));
            }
            let pair: Array = entries.get(0).unchecked_into();
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
        } else {
            return Err(self.unexpected(&visitor));
        };
        visitor.visit_enum(VariantAccess {
            variant,
            payload: Value(payload),
        })
    }

    /// Any object, arrays included, as its `[key, value]` pairs.
    fn deserialize_map<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !self.0.is_object() {
            return Err(self.unexpected(&visitor));
        }
        visitor.visit_map(Entries {
            entries: Object::entries(self.0.unchecked_ref()),
            next: 0,
            value: None,
        })
    }

    fn deserialize_ignored_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct identifier
    }
}

/// An array's elements.
struct Elements {
    array: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Elements {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        self.next += 1;
        seed.deserialize(Value(self.array.get(self.next - 1)))
            .map(Some)
    }
}

/// An object's properties, for maps.
struct Entries {
    entries: Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let pair: Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        self.value = Some(pair.get(1));
        seed.deserialize(Value(pair.get(0))).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Value(self.value.take().unwrap_or_default()))
    }
}

/// A struct's fields, looked up by name.
struct Fields {
    object: JsValue,
    fields: std::iter::Enumerate<std::slice::Iter<'static, &'static str>>,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        // The field by its index in `fields`: serde's derived field
        // visitors accept it, and matching a number is smaller code than
        // comparing names.
        match self.next_field() {
            Some(index) => seed
                .deserialize(IntoDeserializer::<Error>::into_deserializer(index))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Value(self.value.take().unwrap_or_default()))
    }
}

impl Fields {
    /// The next field that is present, with its value in `self.value`.
    #[inline(never)]
    fn next_field(&mut self) -> Option<u32> {
        for (index, field) in &mut self.fields {
            let key = JsValue::from_str(field);
            let value = Reflect::get(&self.object, &key).unwrap_or_default();
            if !value.is_undefined() || Reflect::has(&self.object, &key).unwrap_or(false) {
                self.value = Some(value);
                return Some(index as u32);
            }
        }
        None
    }
}

/// An enum's variant and its payload (`undefined` for a unit variant).
struct VariantAccess {
    variant: String,
    payload: Value,
}

impl<'de> de::EnumAccess<'de> for VariantAccess {
    type Error = Error;
    type Variant = Value;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Value), Error> {
        let variant =
            seed.deserialize(IntoDeserializer::<Error>::into_deserializer(self.variant))?;
        Ok((variant, self.payload))
    }
}

impl<'de> de::VariantAccess<'de> for Value {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: de::Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: de::Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

/// `value` as a plain JavaScript value, as serde-wasm-bindgen's
/// JSON-compatible serializer makes it: `None` and `()` are `null`, maps
/// and structs are objects, 64-bit integers are numbers, an enum variant
/// is its name or `{variant: payload}`.
pub fn to_value<T: ser::Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value.serialize(Serializer)
}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

struct Serializer;

/// `{variant: payload}`.
#[inline(never)]
fn variant(name: &str, payload: JsValue) -> JsValue {
    let object = Object::new();
    set(&object, name, payload);
    object.into()
}

#[inline(never)]
fn set(object: &Object, key: &str, value: JsValue) {
    // Cannot fail on a fresh plain object.
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

impl ser::Serializer for Serializer {
    type Ok = JsValue;
    type Error = Error;
    type SerializeSeq = ArrayBuilder;
    type SerializeTuple = ArrayBuilder;
    type SerializeTupleStruct = ArrayBuilder;
    type SerializeTupleVariant = Variant<ArrayBuilder>;
    type SerializeMap = ObjectBuilder;
    type SerializeStruct = ObjectBuilder;
    type SerializeStructVariant = Variant<ObjectBuilder>;

    fn serialize_bool(self, v: bool) -> Result<JsValue, Error> {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<JsValue, Error> {
        number(v.unsigned_abs(), v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<JsValue, Error> {
        number(v, v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<JsValue, Error> {
        Ok(JsValue::from_f64(v))
    }
    fn serialize_char(self, v: char) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<JsValue, Error> {
        let array = Array::new();
        for b in v {
            array.push(&JsValue::from_f64((*b).into()));
        }
        Ok(array.into())
    }
    fn serialize_none(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: ser::Serialize + ?Sized>(self, value: &T) -> Result<JsValue, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(variant))
    }
    fn serialize_newtype_struct<T: ser::Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<JsValue, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ser::Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        name: &'static str,
        value: &T,
    ) -> Result<JsValue, Error> {
        Ok(variant(name, value.serialize(self)?))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<ArrayBuilder, Error> {
        Ok(ArrayBuilder(Array::new()))
    }
    fn serialize_tuple(self, _len: usize) -> Result<ArrayBuilder, Error> {
        Ok(ArrayBuilder(Array::new()))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<ArrayBuilder, Error> {
        Ok(ArrayBuilder(Array::new()))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        name: &'static str,
        _len: usize,
    ) -> Result<Variant<ArrayBuilder>, Error> {
        Ok(Variant(name, ArrayBuilder(Array::new())))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectBuilder, Error> {
        Ok(ObjectBuilder::new())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<ObjectBuilder, Error> {
        Ok(ObjectBuilder::new())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        name: &'static str,
        _len: usize,
    ) -> Result<Variant<ObjectBuilder>, Error> {
        Ok(Variant(name, ObjectBuilder::new()))
    }
}

/// A 64-bit integer as a number, if JavaScript can hold it exactly.
#[inline(never)]
fn number(magnitude: u64, value: f64) -> Result<JsValue, Error> {
    if magnitude <= MAX_SAFE_INTEGER {
        Ok(JsValue::from_f64(value))
    } else {
        Err(Error(text::say("coreNumberTooLarge", &[&magnitude])))
    }
}

/// 2^53 - 1.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

struct ArrayBuilder(Array);

impl ArrayBuilder {
    fn push<T: ser::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.0.push(&value.serialize(Serializer)?);
        Ok(())
    }
}

impl ser::SerializeSeq for ArrayBuilder {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: ser::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for ArrayBuilder {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: ser::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTupleStruct for ArrayBuilder {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: ser::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

struct ObjectBuilder {
    object: Object,
    key: Option<String>,
}

impl ObjectBuilder {
    fn new() -> Self {
        ObjectBuilder {
            object: Object::new(),
            key: None,
        }
    }
}

impl ser::SerializeMap for ObjectBuilder {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_key<T: ser::Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let key = key.serialize(Serializer)?;
        self.key = Some(key.as_string().ok_or_else(|| {
            Error("a map key is not text and cannot be an object key".to_owned())
        })?);
        Ok(())
    }
    fn serialize_value<T: ser::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().unwrap_or_default();
        set(&self.object, &key, value.serialize(Serializer)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.object.into())
    }
}

impl ser::SerializeStruct for ObjectBuilder {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: ser::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        set(&self.object, key, value.serialize(Serializer)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.object.into())
    }
}

/// A tuple or struct variant: `{variant: [...]}` or `{variant: {...}}`.
struct Variant<B>(&'static str, B);

impl ser::SerializeTupleVariant for Variant<ArrayBuilder> {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: ser::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.1.push(value)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(variant(self.0, self.1 .0.into()))
    }
}

impl ser::SerializeStructVariant for Variant<ObjectBuilder> {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: ser::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        set(&self.1.object, key, value.serialize(Serializer)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(variant(self.0, self.1.object.into()))
    }
}
