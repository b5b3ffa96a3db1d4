//! `retire_node`: the owner closes its node and takes the rent back.

use super::with_owned_node;
use crate::interface::{retire_node, NodeRetired};
use io_common::account::close_to;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (
        retire_node::Accounts {
            mut owner,
            mut node,
        },
        _,
    ) = retire_node::Accounts::parse(accounts)?;
    retire_node::Args::parse(data)?;
    with_owned_node(&mut node, &owner, |_| Ok(()))?;
    close_to(&mut node, &mut owner)?;
    NodeRetired {
        node: *node.address(),
        owner: *owner.address(),
    }
    .emit();
    Ok(())
}
