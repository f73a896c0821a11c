//! One macro that declares a closed vocabulary of FHIR codes this crate writes (card
//! indicators, CRD values): the same shape as the engine's own vocabularies (a wire name, a
//! description, parsing with the engine's error kind, `Display`, `serde`).

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
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code written in FHIR.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }

            /// A short description for people, in this crate's words.
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self {
                    $( $name::$variant => $desc, )+
                }
            }

            /// Looks a value up by its code (exact, case-sensitive).
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
            type Err = ::edx_coverage::ErrorKind;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::from_wire(s).ok_or_else(|| ::edx_coverage::ErrorKind::UnknownValue {
                    what: $what,
                    value: ::edx_coverage::echo(s),
                })
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
