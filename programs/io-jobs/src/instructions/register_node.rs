//! `register_node`: a GPU node bound to its owner's key. The owner joins here (its profile is
//! created, with no referrer) if its first job or `register_referral` did not make it join
//! before, so a wallet's referrer is fixed once, at its first step, for both sides. A referred
//! owner's node keeps its referrer, the period's end and the share in force now: the referrer
//! earns that share of the supplier fee of the node's settled jobs (settle_jobs).

use super::{join, joined_profile, now, referral_due};
use crate::{
    interface::{register_node, Error, NodeRegistered},
    money::read_config,
    state::{valid_terms, Node, ACCOUNT_VERSION, NODE_SEED},
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = register_node::Accounts::parse(accounts)?;
    let args = register_node::Args::parse(data)?;
    if !valid_terms(args.price_per_hour, args.usd_share_bps) {
        return Err(Error::InvalidNodeParams.into());
    }
    if a.node.owned_by(program_id) {
        return Err(Error::NodeExists.into());
    }
    let (address, bump) = Address::find_program_address(
        &seeds![NODE_SEED, a.owner.address().as_ref(), &args.device_id],
        program_id,
    );
    if a.node.address() != &address {
        return Err(Error::InvalidNode.into());
    }
    let config = read_config(&a.config)?;
    let now = now()?;
    // The owner's referral, if it joined referred and its period runs (the terms in force now).
    let profile = joined_profile(&a.owner, &a.profile)?;
    let (referrer, referral_until, referral_bps) = match &profile {
        Some(p) => referral_due(
            p.referrer,
            p.referral_until.get(),
            config.referral_bps.get(),
            now,
        ),
        None => (Address::default(), 0, 0),
    };
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(NODE_SEED),
        Seed::from(a.owner.address().as_ref()),
        Seed::from(&args.device_id),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.owner,
        account: &a.node,
        space: Node::LEN,
        rent_space: Node::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    if profile.is_none() {
        join(&a.owner, &a.profile, now)?;
    }

    let mut account = a.node;
    let mut data = account.try_borrow_mut()?;
    let node = Node::init(&mut data)?;
    node.version = ACCOUNT_VERSION;
    node.bump = bump;
    node.hardware_class = args.hardware_class;
    node.owner = *a.owner.address();
    node.device_id = args.device_id;
    node.price_per_hour.set(args.price_per_hour);
    node.usd_share_bps.set(args.usd_share_bps);
    node.registered_at.set(now);
    node.referrer = referrer;
    node.referral_until.set(referral_until);
    node.referral_bps.set(referral_bps);
    NodeRegistered {
        node: address,
        owner: *a.owner.address(),
        device_id: args.device_id,
        hardware_class: args.hardware_class,
        price_per_hour: args.price_per_hour,
        usd_share_bps: args.usd_share_bps,
    }
    .emit();
    Ok(())
}
