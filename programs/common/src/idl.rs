//! Host-only (`idl-build`): the Anchor IDL (spec 0.1.0) data model and its JSON rendering.
//! Filled by `interface!`, written to idl/<program>.json by tools/idl-gen.

pub use std::vec::Vec;
use std::{format, string::String};

pub enum Ty {
    Prim(&'static str),
    Array(&'static str, usize),
    /// A Borsh vector of fixed arrays, e.g. Merkle proofs.
    VecOfArray(&'static str, usize),
    /// A Borsh vector, e.g. of pubkeys.
    Vec(&'static str),
}

pub struct Field {
    pub name: &'static str,
    pub docs: Vec<&'static str>,
    pub ty: Ty,
}

/// A PDA seed as the IDL describes it.
pub enum Seed {
    Const(Vec<u8>),
    /// An instruction argument, as its Borsh bytes.
    Arg(&'static str),
    /// Another account of the instruction, as its address.
    Account(&'static str),
}

pub struct InstructionAccount {
    pub name: &'static str,
    pub docs: Vec<&'static str>,
    pub writable: bool,
    pub signer: bool,
    pub address: Option<[u8; 32]>,
    pub seeds: Option<Vec<Seed>>,
    /// The program the PDA belongs to, when it is not this one.
    pub seeds_program: Option<Vec<u8>>,
}

pub struct Instruction {
    pub name: &'static str,
    pub docs: Vec<&'static str>,
    pub discriminator: [u8; 8],
    pub accounts: Vec<InstructionAccount>,
    pub args: Vec<Field>,
}

/// An account or event type: its discriminator and Borsh struct fields.
pub struct TypeDef {
    pub name: &'static str,
    pub docs: Vec<&'static str>,
    pub discriminator: [u8; 8],
    pub fields: Vec<Field>,
}

pub struct ErrorCode {
    pub code: u32,
    pub name: &'static str,
    pub msg: &'static str,
}

pub struct Idl {
    pub address: String,
    pub name: &'static str,
    pub version: String,
    pub docs: Vec<&'static str>,
    pub instructions: Vec<Instruction>,
    pub accounts: Vec<TypeDef>,
    pub events: Vec<TypeDef>,
    pub errors: Vec<ErrorCode>,
}

/// A minimal JSON value, rendered with two-space indentation like Anchor's IDLs.
pub enum Json {
    Bool(bool),
    Num(u64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(&'static str, Json)>),
}

impl Json {
    fn str(s: &str) -> Json {
        Json::Str(s.into())
    }
    fn bytes(b: &[u8]) -> Json {
        Json::Arr(b.iter().map(|&x| Json::Num(x.into())).collect())
    }
    fn docs(docs: &[&str]) -> Option<(&'static str, Json)> {
        if docs.is_empty() {
            None
        } else {
            Some((
                "docs",
                Json::Arr(docs.iter().map(|d| Json::str(d.trim())).collect()),
            ))
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    /// Arrays of numbers stay on one line; everything else is indented.
    #[allow(clippy::arithmetic_side_effects)]
    fn write(&self, out: &mut String, depth: usize) {
        let pad = |n: usize| "  ".repeat(n);
        match self {
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => out.push_str(&format!("{n}")),
            Json::Str(s) => {
                out.push('"');
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            Json::Arr(items) if items.iter().all(|i| matches!(i, Json::Num(_))) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out, depth);
                }
                out.push(']');
            }
            Json::Arr(items) => {
                if items.is_empty() {
                    out.push_str("[]");
                    return;
                }
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(depth + 1));
                    item.write(out, depth + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(depth));
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push_str("{\n");
                for (i, (k, v)) in fields.iter().enumerate() {
                    out.push_str(&format!("{}\"{k}\": ", pad(depth + 1)));
                    v.write(out, depth + 1);
                    out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(depth));
                out.push('}');
            }
        }
    }
}

fn ty_json(ty: &Ty) -> Json {
    match ty {
        Ty::Prim(p) => Json::str(p),
        Ty::Array(p, n) => Json::Obj(Vec::from([(
            "array",
            Json::Arr(Vec::from([Json::str(p), Json::Num(*n as u64)])),
        )])),
        Ty::VecOfArray(p, n) => Json::Obj(Vec::from([("vec", ty_json(&Ty::Array(p, *n)))])),
        Ty::Vec(p) => Json::Obj(Vec::from([("vec", Json::str(p))])),
    }
}

fn fields_json(fields: &[Field]) -> Json {
    Json::Arr(
        fields
            .iter()
            .map(|f| {
                let mut o = Vec::from([("name", Json::str(f.name))]);
                o.extend(Json::docs(&f.docs));
                o.push(("type", ty_json(&f.ty)));
                Json::Obj(o)
            })
            .collect(),
    )
}

fn named_discriminators(defs: &[TypeDef]) -> Json {
    Json::Arr(
        defs.iter()
            .map(|d| {
                Json::Obj(Vec::from([
                    ("name", Json::str(d.name)),
                    ("discriminator", Json::bytes(&d.discriminator)),
                ]))
            })
            .collect(),
    )
}

/// A seed's bytes (byte strings, byte arrays, addresses).
pub fn seed_bytes<T: AsRef<[u8]> + ?Sized>(seed: &T) -> Vec<u8> {
    seed.as_ref().to_vec()
}

/// Bitcoin-alphabet base58, for addresses in the IDL.
#[allow(clippy::arithmetic_side_effects)]
pub fn base58(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in bytes {
        let mut carry = byte as u32;
        for d in digits.iter_mut() {
            carry += (*d as u32) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let mut out = "1".repeat(zeros);
    out.extend(digits.iter().rev().map(|&d| ALPHABET[d as usize] as char));
    out
}

impl Idl {
    pub fn to_json(&self) -> Json {
        let instructions = self.instructions.iter().map(|ix| {
            let accounts = ix.accounts.iter().map(|a| {
                let mut o = Vec::from([("name", Json::str(a.name))]);
                o.extend(Json::docs(&a.docs));
                if a.writable {
                    o.push(("writable", Json::Bool(true)));
                }
                if a.signer {
                    o.push(("signer", Json::Bool(true)));
                }
                if let Some(address) = &a.address {
                    o.push(("address", Json::Str(base58(address))));
                }
                if let Some(seeds) = &a.seeds {
                    let seeds = seeds.iter().map(|s| {
                        let (kind, field, value) = match s {
                            Seed::Const(bytes) => ("const", "value", Json::bytes(bytes)),
                            Seed::Arg(name) => ("arg", "path", Json::str(name)),
                            Seed::Account(name) => ("account", "path", Json::str(name)),
                        };
                        Json::Obj(Vec::from([("kind", Json::str(kind)), (field, value)]))
                    });
                    let mut pda = Vec::from([("seeds", Json::Arr(seeds.collect()))]);
                    if let Some(program) = &a.seeds_program {
                        pda.push((
                            "program",
                            Json::Obj(Vec::from([
                                ("kind", Json::str("const")),
                                ("value", Json::bytes(program)),
                            ])),
                        ));
                    }
                    o.push(("pda", Json::Obj(pda)));
                }
                Json::Obj(o)
            });
            let mut o = Vec::from([("name", Json::str(ix.name))]);
            o.extend(Json::docs(&ix.docs));
            o.push(("discriminator", Json::bytes(&ix.discriminator)));
            o.push(("accounts", Json::Arr(accounts.collect())));
            o.push(("args", fields_json(&ix.args)));
            Json::Obj(o)
        });
        let types = self.accounts.iter().chain(self.events.iter()).map(|d| {
            let mut o = Vec::from([("name", Json::str(d.name))]);
            o.extend(Json::docs(&d.docs));
            o.push((
                "type",
                Json::Obj(Vec::from([
                    ("kind", Json::str("struct")),
                    ("fields", fields_json(&d.fields)),
                ])),
            ));
            Json::Obj(o)
        });
        let errors = self.errors.iter().map(|e| {
            Json::Obj(Vec::from([
                ("code", Json::Num(e.code.into())),
                ("name", Json::str(e.name)),
                ("msg", Json::str(e.msg)),
            ]))
        });
        let mut metadata = Vec::from([
            ("name", Json::str(self.name)),
            ("version", Json::Str(self.version.clone())),
            ("spec", Json::str("0.1.0")),
        ]);
        if !self.docs.is_empty() {
            metadata.push((
                "description",
                Json::Str(
                    self.docs
                        .iter()
                        .map(|d| d.trim())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            ));
        }
        Json::Obj(Vec::from([
            ("address", Json::Str(self.address.clone())),
            ("metadata", Json::Obj(metadata)),
            ("instructions", Json::Arr(instructions.collect())),
            ("accounts", named_discriminators(&self.accounts)),
            ("events", named_discriminators(&self.events)),
            ("errors", Json::Arr(errors.collect())),
            ("types", Json::Arr(types.collect())),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58_matches_known_addresses() {
        assert_eq!(base58(&[0u8; 32]), "11111111111111111111111111111111");
        let token_2022 =
            solana_address::Address::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
        assert_eq!(
            base58(token_2022.as_ref()),
            "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
        );
    }
}
