//! One macro that declares a closed vocabulary of the wire format.
//!
//! Every enum the crate reads or writes (finding kinds, trial outcomes, pitfalls, ...) has the
//! same needs: a snake_case wire name, parsing from it with a helpful error, `Display`,
//! `serde`, membership in a [`Set`](crate::Set), a short human description, and (feature
//! `schema`) a JSON Schema whose value list is the enum's own. Declaring
//! them through one macro keeps the ~25 vocabularies identical in behaviour and keeps the
//! declaration order the only order there is.

/// Declares a vocabulary enum. Each variant has a wire name and a description.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $what:literal {
            $( $variant:ident = $wire:literal : $desc:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = $desc]
                #[doc = ""]
                #[doc = concat!("Wire name: `", $wire, "`.")]
                $variant,
            )+
        }

        impl $name {
            /// The snake_case name used in the JSON wire format.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }

            /// A short description for people (clinicians, coders), in this crate's words.
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self {
                    $( $name::$variant => $desc, )+
                }
            }

            /// Looks a value up by its wire name (exact, case-sensitive).
            #[must_use]
            pub fn from_wire(name: &str) -> Option<Self> {
                match name {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::error::ErrorKind;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::from_wire(s).ok_or_else(|| $crate::error::ErrorKind::UnknownValue { what: $what, value: $crate::error::echo(s) })
            }
        }

        $crate::set::member!($name, [$($variant),+]);

        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($name)).into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::schema::vocabulary::<$name>($what, $name::as_str)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        write!(f, "a {} name", $what)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use vocabulary;
