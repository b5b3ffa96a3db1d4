//! Writes `sdk/src/<program>/generated.ts` from a program's IDL (the raw, snake_case JSON):
//! one typed instruction builder per IDL instruction, its accounts named (camelCase) and
//! flagged as the IDL says, its data the discriminator followed by the Borsh encoding of the
//! args (`sdk/src/borsh.ts`); one decoder per account; one type and decoder per event and the
//! program's `parse<Program>Events` over a transaction's logs (`sdk/src/logs.ts`). Nothing here knows a particular instruction: whatever the IDL
//! declares is generated, and a type it cannot encode stops the generator with its name.

use io_common::idl::Json;

/// A field of an object (`None` when absent or not an object).
fn get<'a>(json: &'a Json, name: &str) -> Option<&'a Json> {
    match json {
        Json::Obj(fields) => fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v),
        _ => None,
    }
}

fn str_of(json: Option<&Json>) -> &str {
    match json {
        Some(Json::Str(s)) => s,
        _ => "",
    }
}

fn arr_of(json: Option<&Json>) -> &[Json] {
    match json {
        Some(Json::Arr(items)) => items,
        _ => &[],
    }
}

fn bool_of(json: Option<&Json>) -> bool {
    matches!(json, Some(Json::Bool(true)))
}

/// `open_job` -> `openJob` (Anchor's camelCase for the names the programs use).
fn camel(name: &str) -> String {
    super::camel_case(name)
}

/// `open_job` -> `OpenJob`.
fn pascal(name: &str) -> String {
    let c = camel(name);
    let mut chars = c.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The TypeScript type of an IDL type, for an argument.
fn ts_type(ty: &Json, ctx: &str) -> String {
    match ty {
        Json::Str(s) => match s.as_str() {
            "bool" => "boolean".into(),
            "u8" | "i8" | "u16" | "i16" | "u32" | "i32" => "number".into(),
            "u64" | "i64" | "u128" | "i128" => "BN".into(),
            "pubkey" | "publicKey" => "PublicKey".into(),
            "string" => "string".into(),
            "bytes" => "Uint8Array".into(),
            other => panic!("sdk-gen: {ctx}: unsupported IDL type {other}"),
        },
        _ => {
            if let Some(inner) = get(ty, "vec") {
                format!("Array<{}>", ts_type(inner, ctx))
            } else if let Some(inner) = get(ty, "option") {
                format!("{} | null", ts_type(inner, ctx))
            } else if let Some(Json::Arr(parts)) = get(ty, "array") {
                match parts.first() {
                    Some(Json::Str(u8)) if u8 == "u8" => "Uint8Array | number[]".into(),
                    Some(inner) => format!("Array<{}>", ts_type(inner, ctx)),
                    None => panic!("sdk-gen: {ctx}: array without an element type"),
                }
            } else {
                panic!(
                    "sdk-gen: {ctx}: unsupported IDL type {}",
                    ty.render().trim()
                )
            }
        }
    }
}

/// Statements writing `expr` of type `ty` to the writer `w`; `depth` names closure variables.
fn encode(ty: &Json, expr: &str, depth: usize, ctx: &str) -> String {
    match ty {
        Json::Str(s) => match s.as_str() {
            "bool" | "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "u64" | "i64" | "u128"
            | "i128" | "string" | "bytes" => format!("w.{s}({expr});"),
            "pubkey" | "publicKey" => format!("w.pubkey({expr});"),
            other => panic!("sdk-gen: {ctx}: unsupported IDL type {other}"),
        },
        _ => {
            let v = format!("v{depth}");
            if let Some(inner) = get(ty, "vec") {
                format!(
                    "w.u32({expr}.length); for (const {v} of {expr}) {{ {} }}",
                    encode(inner, &v, depth + 1, ctx)
                )
            } else if let Some(inner) = get(ty, "option") {
                format!(
                    "if ({expr} === null || {expr} === undefined) {{ w.u8(0); }} else {{ w.u8(1); {} }}",
                    encode(inner, expr, depth + 1, ctx)
                )
            } else if let Some(Json::Arr(parts)) = get(ty, "array") {
                let len = match parts.get(1) {
                    Some(Json::Num(n)) => *n,
                    _ => panic!("sdk-gen: {ctx}: array without a fixed length"),
                };
                match parts.first() {
                    Some(Json::Str(u8)) if u8 == "u8" => format!("w.fixed({expr}, {len});"),
                    Some(inner) => format!(
                        "w.length({expr}.length, {len}); for (const {v} of {expr}) {{ {} }}",
                        encode(inner, &v, depth + 1, ctx)
                    ),
                    None => panic!("sdk-gen: {ctx}: array without an element type"),
                }
            } else {
                panic!(
                    "sdk-gen: {ctx}: unsupported IDL type {}",
                    ty.render().trim()
                )
            }
        }
    }
}

/// A doc comment from an IDL `docs` array (indented by `indent`).
fn doc(docs: &[Json], indent: &str) -> String {
    let lines: Vec<&str> = docs.iter().map(|d| str_of(Some(d))).collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for l in lines {
        out.push_str(&format!("{indent} * {}\n", l.replace("*/", "* /")));
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

/// The TypeScript module of a program's instruction builders.
pub fn instructions_ts(raw: &Json, program: &str, dir: &str) -> String {
    let const_name = program.to_uppercase();
    let mut body = String::new();
    let out = &mut body;
    // The fixed addresses (programs) accounts default to, each constructed once.
    let mut fixed: Vec<String> = Vec::new();
    let header = format!(
        "// Generated by tools/idl-gen from programs/{dir}/src/interface.rs (the IDL idl/{program}.json); do not edit.\n\
         // One builder per instruction: accounts as the IDL names and flags them (an account with a fixed\n\
         // address may be left out), data = the 8-byte discriminator + the args in Borsh, as Anchor encodes them.\n\
         // Then one decoder per account, and per event its type and decoder and the program's log parser.\n\
         // tests/sdk-generated.test.ts checks each against Anchor's own coder, `Program.methods` and EventParser.\n\n\
         import {{ Buffer }} from \"buffer\";\n\
         import {{ AccountMeta, PublicKey, TransactionInstruction }} from \"@solana/web3.js\";\n\
         {{imports}}\
         import {{ {const_name}_ADDRESS }} from \"../idl/{program}\";\n\n\
         /** The program's id as a PublicKey. */\n\
         export const {const_name}_PROGRAM = /* @__PURE__ */ new PublicKey({const_name}_ADDRESS);\n",
    );
    for ix in arr_of(get(raw, "instructions")) {
        let name = str_of(get(ix, "name"));
        let ctx = format!("{program}.{name}");
        let fname = camel(name);
        let tname = pascal(name);
        let disc: Vec<String> = arr_of(get(ix, "discriminator"))
            .iter()
            .map(|b| match b {
                Json::Num(n) => n.to_string(),
                _ => panic!("sdk-gen: {ctx}: discriminator byte is not a number"),
            })
            .collect();
        let accounts = arr_of(get(ix, "accounts"));
        let args = arr_of(get(ix, "args"));

        out.push_str(&format!(
            "\n/** `{name}`'s accounts, in the program's order. */\nexport interface {tname}Accounts {{\n"
        ));
        for a in accounts {
            if get(a, "accounts").is_some() {
                panic!("sdk-gen: {ctx}: nested account groups are not supported");
            }
            let an = str_of(get(a, "name"));
            let mut flags = Vec::new();
            if bool_of(get(a, "writable")) {
                flags.push("writable");
            }
            if bool_of(get(a, "signer")) {
                flags.push("signer");
            }
            let optional = get(a, "address").is_some();
            if optional {
                flags.push("fixed address: may be left out");
            }
            let mut docs = arr_of(get(a, "docs")).to_vec_strings();
            if !flags.is_empty() {
                docs.push(format!("({})", flags.join(", ")));
            }
            let docs: Vec<Json> = docs.into_iter().map(Json::Str).collect();
            out.push_str(&doc(&docs, "  "));
            out.push_str(&format!(
                "  {}{}: PublicKey;\n",
                camel(an),
                if optional { "?" } else { "" }
            ));
        }
        out.push_str("}\n");

        out.push_str(&format!(
            "\n/** `{name}`'s arguments. */\nexport interface {tname}Args {{\n"
        ));
        for f in args {
            let an = str_of(get(f, "name"));
            let ty = get(f, "type").unwrap_or_else(|| panic!("sdk-gen: {ctx}.{an}: no type"));
            out.push_str(&format!("  {}: {};\n", camel(an), ts_type(ty, &ctx)));
        }
        out.push_str("}\n");

        out.push_str(&format!(
            "\n/** `{name}`'s discriminator: the first 8 bytes of its data. */\nexport const {}_DISCRIMINATOR = [{}] as const;\n\n",
            super::camel_case(name).chars().fold(String::new(), |mut s, c| {
                if c.is_uppercase() {
                    s.push('_');
                }
                s.extend(c.to_uppercase());
                s
            }),
            disc.join(", ")
        ));
        out.push_str(&doc(arr_of(get(ix, "docs")), ""));
        out.push_str(&format!(
            "export function {fname}(accounts: {tname}Accounts, args: {tname}Args, programId: PublicKey = {const_name}_PROGRAM, remainingAccounts: AccountMeta[] = []): TransactionInstruction {{\n"
        ));
        if args.is_empty() {
            out.push_str("  void args;\n");
        }
        out.push_str(&format!(
            "  const w = new BorshWriter([{}]);\n",
            disc.join(", ")
        ));
        for f in args {
            let an = str_of(get(f, "name"));
            let ty = get(f, "type").unwrap_or_else(|| panic!("sdk-gen: {ctx}.{an}: no type"));
            out.push_str(&format!(
                "  {}\n",
                encode(ty, &format!("args.{}", camel(an)), 0, &ctx)
            ));
        }
        out.push_str("  const keys: AccountMeta[] = [\n");
        for a in accounts {
            let an = camel(str_of(get(a, "name")));
            let pubkey = match get(a, "address") {
                Some(Json::Str(addr)) => {
                    if !fixed.contains(addr) {
                        fixed.push(addr.clone());
                    }
                    format!("accounts.{an} ?? ADDRESS_{addr}")
                }
                _ => format!("accounts.{an}"),
            };
            let flags =
                u8::from(bool_of(get(a, "signer"))) | (u8::from(bool_of(get(a, "writable"))) << 1);
            out.push_str(&format!("    meta({pubkey}, {flags}),\n"));
        }
        out.push_str("  ];\n");
        out.push_str(
            "  return new TransactionInstruction({ programId, keys: keys.concat(remainingAccounts), data: Buffer.from(w.finish()) });\n}\n",
        );
    }
    accounts_ts(raw, program, out);
    events_ts(raw, program, &const_name, out);
    let fixed_decls: String = fixed
        .iter()
        .map(|a| format!("const ADDRESS_{a} = /* @__PURE__ */ new PublicKey(\"{a}\");\n"))
        .collect();
    let bn = if body.contains(": BN") || body.contains("<BN>") {
        "import BN from \"bn.js\";\n"
    } else {
        ""
    };
    let borsh: Vec<&str> = [
        ("BorshReader", "new BorshReader("),
        ("BorshWriter", "new BorshWriter("),
    ]
    .into_iter()
    .filter(|(_, used)| body.contains(used))
    .map(|(name, _)| name)
    .collect();
    let logs = if body.contains("parseLogs(") {
        "import { hasDiscriminator, parseLogs } from \"../logs\";\n"
    } else {
        ""
    };
    let imports = format!(
        "{bn}import {{ {} }} from \"../borsh\";\n{logs}",
        borsh.join(", ")
    );
    let meta = if body.contains("meta(") {
        "\n/** An account meta; `flags`: 1 signer, 2 writable. */\n\
         function meta(pubkey: PublicKey, flags: number): AccountMeta {\n  \
         return { pubkey, isSigner: (flags & 1) !== 0, isWritable: (flags & 2) !== 0 };\n}\n"
    } else {
        ""
    };
    header.replace("{imports}", &imports) + &fixed_decls + meta + &body
}

/// The TypeScript type of an account field as Anchor's coder decodes it.
fn decoded_type(ty: &Json, ctx: &str) -> String {
    match ty {
        Json::Str(s) if s == "bytes" => "Buffer".into(),
        Json::Str(_) => ts_type(ty, ctx),
        _ => match get(ty, "array") {
            Some(Json::Arr(parts)) => match parts.first() {
                Some(inner) => format!("Array<{}>", decoded_type(inner, ctx)),
                None => panic!("sdk-gen: {ctx}: array without an element type"),
            },
            _ => match (get(ty, "vec"), get(ty, "option")) {
                (Some(inner), _) => format!("Array<{}>", decoded_type(inner, ctx)),
                (_, Some(inner)) => format!("{} | null", decoded_type(inner, ctx)),
                _ => panic!(
                    "sdk-gen: {ctx}: unsupported IDL type {}",
                    ty.render().trim()
                ),
            },
        },
    }
}

/// An expression reading a value of `ty` from the reader `r`.
fn decode(ty: &Json, ctx: &str) -> String {
    match ty {
        Json::Str(s) => match s.as_str() {
            "bool" | "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "u64" | "i64" | "u128"
            | "i128" | "string" | "bytes" => format!("r.{s}()"),
            "pubkey" | "publicKey" => "r.pubkey()".into(),
            other => panic!("sdk-gen: {ctx}: unsupported IDL type {other}"),
        },
        _ => {
            if let Some(Json::Arr(parts)) = get(ty, "array") {
                let len = match parts.get(1) {
                    Some(Json::Num(n)) => *n,
                    _ => panic!("sdk-gen: {ctx}: array without a fixed length"),
                };
                let inner = parts
                    .first()
                    .unwrap_or_else(|| panic!("sdk-gen: {ctx}: array without an element type"));
                format!("r.array({len}, () => {})", decode(inner, ctx))
            } else if let Some(inner) = get(ty, "vec") {
                format!("r.array(r.u32(), () => {})", decode(inner, ctx))
            } else if let Some(inner) = get(ty, "option") {
                format!("(r.u8() === 0 ? null : {})", decode(inner, ctx))
            } else {
                panic!(
                    "sdk-gen: {ctx}: unsupported IDL type {}",
                    ty.render().trim()
                )
            }
        }
    }
}

/// A field's IDL type.
fn field_type<'a>(f: &'a Json, ctx: &str) -> &'a Json {
    get(f, "type").unwrap_or_else(|| panic!("sdk-gen: {ctx}: field without a type"))
}

/// A struct-typed IDL item (an account or an event): its type's definition and fields, and its
/// discriminator bytes.
fn struct_item<'a>(
    types: &'a [Json],
    item: &Json,
    what: &str,
    ctx: &str,
) -> (&'a Json, &'a [Json], Vec<String>) {
    let name = str_of(get(item, "name"));
    let def = types
        .iter()
        .find(|t| str_of(get(t, "name")) == name)
        .unwrap_or_else(|| panic!("sdk-gen: {ctx}: {what} without a type"));
    let ty = get(def, "type").unwrap_or_else(|| panic!("sdk-gen: {ctx}: no type"));
    if str_of(get(ty, "kind")) != "struct" {
        panic!("sdk-gen: {ctx}: only struct {what}s are supported");
    }
    let disc = arr_of(get(item, "discriminator"))
        .iter()
        .map(|b| match b {
            Json::Num(n) => n.to_string(),
            _ => panic!("sdk-gen: {ctx}: discriminator byte is not a number"),
        })
        .collect();
    (def, arr_of(get(ty, "fields")), disc)
}

/// A struct's fields as TypeScript type members (`close` ends it: `}` or `};`), then the body of
/// its decoder after the `BorshReader` line.
fn struct_ts(fields: &[Json], ctx: &str, close: &str, out: &mut String) -> String {
    for f in fields {
        out.push_str(&doc(arr_of(get(f, "docs")), "  "));
        out.push_str(&format!(
            "  {}: {};\n",
            camel(str_of(get(f, "name"))),
            decoded_type(field_type(f, ctx), ctx)
        ));
    }
    out.push_str(close);
    out.push_str("\n\n");
    let mut body = String::new();
    for f in fields {
        body.push_str(&format!(
            "    {}: {},\n",
            camel(str_of(get(f, "name"))),
            decode(field_type(f, ctx), ctx)
        ));
    }
    body.push_str("  };\n}\n");
    body
}

/// Each IDL account's decoded type and decoder (discriminator checked, fields in order).
fn accounts_ts(raw: &Json, program: &str, out: &mut String) {
    let types = arr_of(get(raw, "types"));
    for account in arr_of(get(raw, "accounts")) {
        let name = str_of(get(account, "name"));
        let ctx = format!("{program}.{name}");
        let (def, fields, disc) = struct_item(types, account, "account", &ctx);
        let tname = pascal(name);
        out.push('\n');
        out.push_str(&doc(arr_of(get(def, "docs")), ""));
        out.push_str(&format!("export interface {tname} {{\n"));
        let body = struct_ts(fields, &ctx, "}", out);
        out.push_str(&format!(
            "/** `{name}`'s account discriminator: the first 8 bytes of its data. */\nexport const {tname}_ACCOUNT_DISCRIMINATOR = [{}] as const;\n\n",
            disc.join(", ")
        ));
        out.push_str(&format!(
            "/** Decodes a `{name}` account's data as Anchor's coder does: the discriminator checked, the fields in order (trailing bytes ignored). */\n\
             export function decode{tname}(data: Uint8Array): {tname} {{\n  \
             const r = new BorshReader(data, {tname}_ACCOUNT_DISCRIMINATOR, \"{tname}\");\n  return {{\n"
        ));
        out.push_str(&body);
    }
}

/// Each IDL event's decoded type, discriminator and decoder (Anchor's `emit!` layout: the 8-byte
/// event discriminator, then the fields in Borsh), the program's event union, and
/// `parse<Program>Events(logs, programId)`, which walks a transaction's logs as Anchor's
/// `EventParser` does (`sdk/src/logs.ts`).
fn events_ts(raw: &Json, program: &str, const_name: &str, out: &mut String) {
    let types = arr_of(get(raw, "types"));
    let events = arr_of(get(raw, "events"));
    if events.is_empty() {
        return;
    }
    let prog = pascal(program);
    let mut union = Vec::new();
    let mut dispatch = String::new();
    for event in events {
        let name = str_of(get(event, "name"));
        let ctx = format!("{program}.{name}");
        let (def, fields, disc) = struct_item(types, event, "event", &ctx);
        let tname = pascal(name);
        let ename = camel(name);
        out.push('\n');
        let mut docs = arr_of(get(def, "docs")).to_vec_strings();
        docs.push(format!(
            "The `{name}` event's fields (Anchor's EventParser names it `{ename}`)."
        ));
        let docs: Vec<Json> = docs.into_iter().map(Json::Str).collect();
        out.push_str(&doc(&docs, ""));
        out.push_str(&format!("export type {tname}Event = {{\n"));
        let body = struct_ts(fields, &ctx, "};", out);
        out.push_str(&format!(
            "/** `{name}`'s event discriminator: the first 8 bytes of its data. */\nexport const {tname}_EVENT_DISCRIMINATOR = [{}] as const;\n\n",
            disc.join(", ")
        ));
        out.push_str(&format!(
            "/** Decodes a `{name}` event's data (discriminator checked, then the fields in order) as Anchor's coder does. */\n\
             export function decode{tname}Event(data: Uint8Array): {tname}Event {{\n  \
             const r = new BorshReader(data, {tname}_EVENT_DISCRIMINATOR, \"{tname}\");\n  return {{\n"
        ));
        out.push_str(&body);
        union.push(format!("  | {{ name: \"{ename}\"; data: {tname}Event }}"));
        dispatch.push_str(&format!(
            "  if (hasDiscriminator(data, {tname}_EVENT_DISCRIMINATOR)) return {{ name: \"{ename}\", data: decode{tname}Event(data) }};\n"
        ));
    }
    out.push_str(&format!(
        "\n/** An event {program} writes: its camelCase name, as Anchor's EventParser gives it, and its fields. */\n\
         export type {prog}Event =\n{};\n\n",
        union.join("\n")
    ));
    out.push_str(&format!(
        "/** One event's bytes (discriminator + Borsh) decoded, or null when no {program} event has its discriminator (Anchor's first match, in the IDL's order). */\n\
         export function decode{prog}Event(data: Uint8Array): {prog}Event | null {{\n{dispatch}  return null;\n}}\n\n"
    ));
    out.push_str(&format!(
        "/**\n * Every event `programId` wrote in a transaction's logs, in order, attributed to the program that\n\
         * was executing as Anchor's EventParser attributes it (its invoke/success stack and CPI depth).\n */\n\
         export function parse{prog}Events(logs: readonly string[], programId: PublicKey = {const_name}_PROGRAM): {prog}Event[] {{\n  \
         return parseLogs(logs, programId, decode{prog}Event);\n}}\n"
    ));
}

trait DocStrings {
    fn to_vec_strings(&self) -> Vec<String>;
}

impl DocStrings for [Json] {
    fn to_vec_strings(&self) -> Vec<String> {
        self.iter().map(|d| str_of(Some(d)).to_string()).collect()
    }
}
