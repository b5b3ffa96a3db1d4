//! `update_node`: only the owner changes its node's terms.

use super::with_owned_node;
use crate::{
    interface::{update_node, Error, NodeUpdated},
    state::valid_terms,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (update_node::Accounts { owner, node }, _) = update_node::Accounts::parse(accounts)?;
    let args = update_node::Args::parse(data)?;
    if !valid_terms(args.price_per_hour, args.usd_share_bps) {
        return Err(Error::InvalidNodeParams.into());
    }
    with_owned_node(&node, &owner, |n| {
        n.hardware_class = args.hardware_class;
        n.price_per_hour.set(args.price_per_hour);
        n.usd_share_bps.set(args.usd_share_bps);
        Ok(())
    })?;
    NodeUpdated {
        node: *node.address(),
        hardware_class: args.hardware_class,
        price_per_hour: args.price_per_hour,
        usd_share_bps: args.usd_share_bps,
    }
    .emit();
    Ok(())
}
