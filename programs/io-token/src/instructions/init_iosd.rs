//! `init_iosd`: the non-transferable IOSD mint and its state, with io_jobs' authority as the
//! spender. Admin only, once.

use crate::{
    checks::{check_admin, check_authority, read_config},
    interface::{init_iosd, Error},
    mint::MetadataMint,
    state::{
        IosdState, ACCOUNT_VERSION, AUTHORITY_SEED, IOSD_DECIMALS, IOSD_MINT_SEED, IOSD_SEED,
        IO_JOBS_AUTHORITY,
    },
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = init_iosd::Accounts::parse(accounts)?;
    let args = init_iosd::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    check_authority(program_id, &a.authority, config.authority_bump)?;
    if !crate::iosd::params_ok(args.max_price_age, args.rate_window) {
        return Err(Error::InvalidParams.into());
    }
    let iosd_mint = MetadataMint {
        payer: &a.admin,
        mint: &a.iosd_mint,
        authority: &a.authority,
        decimals: IOSD_DECIMALS,
        non_transferable: true,
        name: args.name,
        symbol: args.symbol,
        uri: args.uri,
    };
    iosd_mint.check()?;
    if a.iosd_state.owned_by(program_id) {
        return Err(Error::AlreadyExists.into());
    }
    let (state_address, state_bump) = Address::find_program_address(&seeds![IOSD_SEED], program_id);
    let (mint_address, mint_bump) =
        Address::find_program_address(&seeds![IOSD_MINT_SEED], program_id);
    if a.iosd_state.address() != &state_address || a.iosd_mint.address() != &mint_address {
        return Err(Error::InvalidIosd.into());
    }

    let state_bump_seed = [state_bump];
    let state_seeds = [Seed::from(IOSD_SEED), Seed::from(&state_bump_seed)];
    CreatePda {
        payer: &a.admin,
        account: &a.iosd_state,
        space: IosdState::LEN,
        rent_space: IosdState::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&state_seeds))?;
    let mint_bump_seed = [mint_bump];
    let mint_seeds = [Seed::from(IOSD_MINT_SEED), Seed::from(&mint_bump_seed)];
    let authority_bump_seed = [config.authority_bump];
    let authority_seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&authority_bump_seed)];
    iosd_mint.create(Signer::from(&mint_seeds), Signer::from(&authority_seeds))?;

    let mut account = a.iosd_state;
    let mut data = account.try_borrow_mut()?;
    let state = IosdState::init(&mut data)?;
    state.version = ACCOUNT_VERSION;
    state.bump = state_bump;
    state.mint_bump = mint_bump;
    state.authority_bump = config.authority_bump;
    state.iosd_mint = mint_address;
    state.io_mint = config.io_mint;
    state.conf_multiple = args.conf_multiple;
    state.max_price_age.set(args.max_price_age);
    state.rate_limit.set(args.rate_limit);
    state.rate_window.set(args.rate_window);
    state.spender = IO_JOBS_AUTHORITY;
    Ok(())
}
