//! `interface!`: one declaration per program yields everything both sides of the wire need.
//!
//! ```ignore
//! io_common::interface! {
//!     program: "io_token";
//!     instructions {
//!         /// Docs land in the IDL.
//!         propose_admin(new_admin: pubkey) {
//!             admin: signer,
//!             config: writable; seeds [b"config"],
//!             program_data: ; seeds [crate::ID] of LOADER_V3,   // a PDA of another program
//!             grant: writable; seeds [GRANT_SEED, arg(bucket), account(beneficiary)],
//!             system_program: @ pinocchio_system::ID,
//!         }
//!     }
//!     errors { InvalidInstruction = 6000: "Unknown instruction", /* ... */ }
//!     events { AdminProposed { admin: pubkey, pending_admin: pubkey } }
//!     accounts { TokenConfig { admin: pubkey, genesis_ts: i64, reserved: [u8; 64] } }
//! }
//! ```
//!
//! Per instruction `foo` this makes a module `foo` with `DISCRIMINATOR` (Anchor's
//! sha256("global:foo")), `Accounts::parse` (checks count, signer and writable flags and fixed
//! program addresses exactly as declared) and `Args::parse` (Borsh, whole data consumed).
//! Per event: a struct with `emit()` (one `sol_log_data` slice, as Anchor's `emit!`). Per
//! account: a zero-copy `#[repr(C)]` layout with its Anchor discriminator and checked casts.
//! Errors: one `#[repr(u32)]` enum; the generated code uses the variants `InvalidInstructionData`,
//! `NotEnoughAccounts`, `MissingSigner`, `AccountNotWritable`, `WrongProgram` and
//! `InvalidAccountData`, so every program declares them. With the `idl-build` feature (host
//! only) `idl(address)` returns the Anchor IDL (spec 0.1.0) built from the same declaration.
//!
//! Argument and field types are IDL names: `u8 bool u16 u32 u64 i64 pubkey string bytes
//! [u8; N]` (`string`, `bytes` and `hashes` — a vector of 32-byte hashes — only in instruction
//! arguments).

#[doc(hidden)]
#[macro_export]
macro_rules! __arg_ty {
    ($lt:lifetime, u8) => { u8 };
    ($lt:lifetime, bool) => { bool };
    ($lt:lifetime, u16) => { u16 };
    ($lt:lifetime, u32) => { u32 };
    ($lt:lifetime, u64) => { u64 };
    ($lt:lifetime, i64) => { i64 };
    ($lt:lifetime, pubkey) => { $crate::solana_address::Address };
    ($lt:lifetime, string) => { &$lt str };
    ($lt:lifetime, bytes) => { &$lt [u8] };
    ($lt:lifetime, hashes) => { &$lt [[u8; 32]] };
    ($lt:lifetime, pubkeys) => { &$lt [[u8; 32]] };
    ($lt:lifetime, [u8; $n:literal]) => { [u8; $n] };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __read {
    ($r:ident, [u8; $n:literal]) => {
        $r.array::<$n>()
    };
    ($r:ident, $ty:ident) => {
        $r.$ty()
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __pod_ty {
    ([$t:ident; $n:literal]) => {
        [$crate::__pod_ty!($t); $n]
    };
    (u8) => {
        u8
    };
    (bool) => {
        $crate::pod::PodBool
    };
    (u16) => {
        $crate::pod::PodU16
    };
    (u32) => {
        $crate::pod::PodU32
    };
    (u64) => {
        $crate::pod::PodU64
    };
    (i64) => {
        $crate::pod::PodI64
    };
    (pubkey) => {
        $crate::solana_address::Address
    };
    ([u8; $n:literal]) => {
        [u8; $n]
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __size {
    (u8) => {
        1
    };
    (bool) => {
        1
    };
    (u16) => {
        2
    };
    (u32) => {
        4
    };
    (u64) => {
        8
    };
    (i64) => {
        8
    };
    (pubkey) => {
        32
    };
    ([u8; $n:literal]) => {
        $n
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __write {
    ($w:ident, pubkey, $v:expr) => {
        $w.pubkey(&$v)
    };
    ($w:ident, [u8; $n:literal], $v:expr) => {
        $w.bytes(&$v)
    };
    ($w:ident, $ty:ident, $v:expr) => {
        $w.$ty($v)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __idl_ty {
    ([$t:ident; $n:literal]) => {
        $crate::idl::Ty::Array(stringify!($t), $n)
    };
    (hashes) => {
        $crate::idl::Ty::VecOfArray("u8", 32)
    };
    (pubkeys) => {
        $crate::idl::Ty::Vec("pubkey")
    };
    ($ty:ident) => {
        $crate::idl::Ty::Prim(stringify!($ty))
    };
}

/// A PDA's seeds for the IDL: constants (any expression with bytes), `arg(name)` (an
/// instruction argument's Borsh bytes) and `account(name)` (another account's address).
#[doc(hidden)]
#[macro_export]
macro_rules! __seeds_idl {
    (@acc [$($out:expr),*]) => { $crate::idl::Vec::from([$($out),*]) };
    (@acc [$($out:expr),*] arg($name:ident) $(, $($rest:tt)*)?) => {
        $crate::__seeds_idl!(@acc [$($out,)* $crate::idl::Seed::Arg(stringify!($name))] $($($rest)*)?)
    };
    (@acc [$($out:expr),*] account($name:ident) $(, $($rest:tt)*)?) => {
        $crate::__seeds_idl!(@acc [$($out,)* $crate::idl::Seed::Account(stringify!($name))] $($($rest)*)?)
    };
    (@acc [$($out:expr),*] $seed:expr $(, $($rest:tt)*)?) => {
        $crate::__seeds_idl!(@acc [$($out,)* $crate::idl::Seed::Const($crate::idl::seed_bytes(&$seed))] $($($rest)*)?)
    };
}

/// The IDL type definition of an event or account struct.
#[doc(hidden)]
#[macro_export]
macro_rules! __typedef_idl {
    (
        [$($doc:literal)*] $name:ident ($disc:expr)
        { $($(#[doc = $fdoc:literal])* $field:ident : $ty:tt),* }
    ) => {
        $crate::idl::TypeDef {
            name: stringify!($name),
            docs: $crate::idl::Vec::from([$($doc),*]),
            discriminator: $disc,
            fields: $crate::idl::Vec::from([$(
                $crate::idl::Field {
                    name: stringify!($field),
                    docs: $crate::idl::Vec::from([$($fdoc),*]),
                    ty: $crate::__idl_ty!($ty),
                }
            ),*]),
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __has_flag {
    ($want:ident;) => { false };
    (writable; writable $($rest:ident)*) => { true };
    (signer; signer $($rest:ident)*) => { true };
    ($want:ident; $other:ident $($rest:ident)*) => { $crate::__has_flag!($want; $($rest)*) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __check_flags {
    ($acc:ident;) => {};
    ($acc:ident; signer $($rest:ident)*) => {
        if !$acc.is_signer() {
            return Err(Error::MissingSigner);
        }
        $crate::__check_flags!($acc; $($rest)*);
    };
    ($acc:ident; writable $($rest:ident)*) => {
        if !$acc.is_writable() {
            return Err(Error::AccountNotWritable);
        }
        $crate::__check_flags!($acc; $($rest)*);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __instruction {
    (
        [$($doc:literal)*]
        $name:ident ( $($arg:ident : $aty:tt),* $(,)? )
        {
            $(
                $(#[doc = $adoc:literal])*
                $acc:ident : $($flag:ident)* $(@ $addr:path)? $(; seeds [$($seeds:tt)*] $(of $seed_program:expr)?)?
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// Anchor's instruction discriminator: sha256("global:<name>")[..8].
            pub const DISCRIMINATOR: [u8; 8] =
                $crate::discriminator::discriminator("global:", stringify!($name));

            /// The instruction's accounts, in IDL order (`AccountView` is a copyable handle).
            pub struct Accounts {
                $(pub $acc: $crate::pinocchio::AccountView,)*
            }

            impl Accounts {
                /// Takes the declared accounts in order and checks their signer and writable
                /// flags and fixed addresses; returns the remaining accounts too.
                #[inline(always)]
                pub fn parse(
                    accounts: &[$crate::pinocchio::AccountView],
                ) -> Result<(Self, &[$crate::pinocchio::AccountView]), Error> {
                    let [$($acc,)* rest @ ..] = accounts else {
                        return Err(Error::NotEnoughAccounts);
                    };
                    $(
                        $crate::__check_flags!($acc; $($flag)*);
                        $(
                            if $acc.address() != &$addr {
                                return Err(Error::WrongProgram);
                            }
                        )?
                    )*
                    Ok((Self { $($acc: *$acc,)* }, rest))
                }
            }

            /// The instruction's arguments, Borsh-decoded in IDL order.
            pub struct Args<'a> {
                $(pub $arg: $crate::__arg_ty!('a, $aty),)*
                _data: core::marker::PhantomData<&'a [u8]>,
            }

            impl<'a> Args<'a> {
                /// Decodes the data after the discriminator; every byte must be used.
                #[inline(always)]
                pub fn parse(data: &'a [u8]) -> Result<Self, Error> {
                    #[allow(unused_mut)]
                    let mut reader = $crate::borsh::Reader::new(data);
                    $(
                        let $arg = $crate::__read!(reader, $aty)
                            .map_err(|_| Error::InvalidInstructionData)?;
                    )*
                    reader.finish().map_err(|_| Error::InvalidInstructionData)?;
                    Ok(Self { $($arg,)* _data: core::marker::PhantomData })
                }
            }

            #[cfg(feature = "idl-build")]
            pub fn idl() -> $crate::idl::Instruction {
                $crate::idl::Instruction {
                    name: stringify!($name),
                    docs: $crate::idl::Vec::from([$($doc),*]),
                    discriminator: DISCRIMINATOR,
                    accounts: $crate::idl::Vec::from([$(
                        $crate::idl::InstructionAccount {
                            name: stringify!($acc),
                            docs: $crate::idl::Vec::from([$($adoc),*]),
                            writable: $crate::__has_flag!(writable; $($flag)*),
                            signer: $crate::__has_flag!(signer; $($flag)*),
                            address: None $(.or(Some($addr.to_bytes())))?,
                            seeds: None $(.or(Some($crate::__seeds_idl!(@acc [] $($seeds)*))))?,
                            seeds_program: None $($(.or(Some($crate::idl::seed_bytes(&$seed_program))))?)?,
                        }
                    ),*]),
                    args: $crate::idl::Vec::from([$(
                        $crate::idl::Field {
                            name: stringify!($arg),
                            docs: $crate::idl::Vec::new(),
                            ty: $crate::__idl_ty!($aty),
                        }
                    ),*]),
                }
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __event {
    ([$($doc:literal)*] $name:ident { $($(#[doc = $fdoc:literal])* $field:ident : $ty:tt),* $(,)? }) => {
        $(#[doc = $doc])*
        pub struct $name {
            $($(#[doc = $fdoc])* pub $field: $crate::__arg_ty!('static, $ty),)*
        }

        impl $name {
            /// Anchor's event discriminator: sha256("event:<Name>")[..8].
            pub const DISCRIMINATOR: [u8; 8] =
                $crate::discriminator::discriminator("event:", stringify!($name));
            /// Discriminator plus Borsh fields.
            pub const LEN: usize = 8 $(+ $crate::__size!($ty))*;

            /// Logs the event as Anchor's `emit!` does.
            #[inline(always)]
            pub fn emit(&self) {
                let mut w = $crate::borsh::Writer::<{ $name::LEN }>::new(Self::DISCRIMINATOR);
                $($crate::__write!(w, $ty, self.$field);)*
                w.emit();
            }

            #[cfg(feature = "idl-build")]
            pub fn idl() -> $crate::idl::TypeDef {
                $crate::__typedef_idl!(
                    [$($doc)*] $name (Self::DISCRIMINATOR) { $($(#[doc = $fdoc])* $field : $ty),* }
                )
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __account {
    ([$($doc:literal)*] $name:ident { $($(#[doc = $fdoc:literal])* $field:ident : $ty:tt),* $(,)? }) => {
        $(#[doc = $doc])*
        ///
        /// Zero-copy: every field has alignment 1, so the layout is Borsh's and Anchor's coder
        /// decodes it; the first 8 bytes are the Anchor account discriminator.
        #[repr(C)]
        #[derive(Clone, Copy)]
        pub struct $name {
            discriminator: [u8; 8],
            $($(#[doc = $fdoc])* pub $field: $crate::__pod_ty!($ty),)*
        }

        const _: () = assert!(core::mem::align_of::<$name>() == 1);

        impl $name {
            /// Anchor's account discriminator: sha256("account:<Name>")[..8].
            pub const DISCRIMINATOR: [u8; 8] =
                $crate::discriminator::discriminator("account:", stringify!($name));
            /// Size of the account data.
            pub const LEN: usize = core::mem::size_of::<$name>();

            /// Views initialised account data; checks length and discriminator.
            #[inline(always)]
            pub fn from_bytes(data: &[u8]) -> Result<&Self, Error> {
                if data.len() != Self::LEN || data[..8] != Self::DISCRIMINATOR {
                    return Err(Error::InvalidAccountData);
                }
                // SAFETY: the length is exactly LEN and the type has alignment 1 with no
                // invalid bit patterns (integers and byte arrays only).
                Ok(unsafe { &*(data.as_ptr() as *const Self) })
            }

            /// Mutable view of initialised account data; checks length and discriminator.
            #[inline(always)]
            pub fn from_bytes_mut(data: &mut [u8]) -> Result<&mut Self, Error> {
                if data.len() != Self::LEN || data[..8] != Self::DISCRIMINATOR {
                    return Err(Error::InvalidAccountData);
                }
                // SAFETY: as in `from_bytes`; the caller holds the only borrow of `data`.
                Ok(unsafe { &mut *(data.as_mut_ptr() as *mut Self) })
            }

            /// Writes the discriminator into fresh (all-zero) account data and views it.
            #[inline(always)]
            pub fn init(data: &mut [u8]) -> Result<&mut Self, Error> {
                if data.len() != Self::LEN || data[..8] != [0u8; 8] {
                    return Err(Error::InvalidAccountData);
                }
                data[..8].copy_from_slice(&Self::DISCRIMINATOR);
                // SAFETY: as in `from_bytes`; the length was checked above.
                Ok(unsafe { &mut *(data.as_mut_ptr() as *mut Self) })
            }

            #[cfg(feature = "idl-build")]
            pub fn idl() -> $crate::idl::TypeDef {
                $crate::__typedef_idl!(
                    [$($doc)*] $name (Self::DISCRIMINATOR) { $($(#[doc = $fdoc])* $field : $ty),* }
                )
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __errors {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal : $msg:literal ),* $(,)?) => {
        /// The program's errors, numbered from 6000 as Anchor's custom errors. Append only.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum Error {
            $($(#[doc = $doc])* #[doc = $msg] $name = $code,)*
        }

        impl From<Error> for $crate::pinocchio::error::ProgramError {
            #[inline(always)]
            fn from(e: Error) -> Self {
                $crate::pinocchio::error::ProgramError::Custom(e as u32)
            }
        }

        #[cfg(feature = "idl-build")]
        impl Error {
            pub fn idl() -> $crate::idl::Vec<$crate::idl::ErrorCode> {
                $crate::idl::Vec::from([$(
                    $crate::idl::ErrorCode { code: $code, name: stringify!($name), msg: $msg }
                ),*])
            }
        }
    };
}

/// See the module docs.
#[macro_export]
macro_rules! interface {
    (
        program: $program:literal;
        $(#[doc = $pdoc:literal])*
        instructions {
            $(
                $(#[doc = $idoc:literal])*
                $iname:ident ( $($args:tt)* ) { $($accounts:tt)* }
            )*
        }
        errors { $($errors:tt)* }
        events { $( $(#[doc = $evdoc:literal])* $evname:ident { $($evfields:tt)* } )* }
        accounts { $( $(#[doc = $acdoc:literal])* $acname:ident { $($acfields:tt)* } )* }
    ) => {
        $crate::__errors! { $($errors)* }
        $( $crate::__instruction! { [$($idoc)*] $iname ( $($args)* ) { $($accounts)* } } )*
        $( $crate::__event! { [$($evdoc)*] $evname { $($evfields)* } } )*
        $( $crate::__account! { [$($acdoc)*] $acname { $($acfields)* } } )*

        /// The Anchor IDL (spec 0.1.0) of this program, from this declaration.
        #[cfg(feature = "idl-build")]
        pub fn idl(address: &str) -> $crate::idl::Idl {
            $crate::idl::Idl {
                address: address.into(),
                name: $program,
                version: env!("CARGO_PKG_VERSION").into(),
                docs: $crate::idl::Vec::from([$($pdoc),*]),
                instructions: $crate::idl::Vec::from([$($iname::idl()),*]),
                accounts: $crate::idl::Vec::from([$($acname::idl()),*]),
                events: $crate::idl::Vec::from([$($evname::idl()),*]),
                errors: Error::idl(),
            }
        }
    };
}
