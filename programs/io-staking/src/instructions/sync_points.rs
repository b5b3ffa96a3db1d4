//! `sync_points`: the computing points a node earned in io_jobs since its last sync register
//! for the open epoch. Anyone may call it. A node retired and registered again at the same
//! address (same owner and device id) is a new incarnation: io_jobs' `registered_at` differs,
//! or its points are below those already synced, and all its points are new.

use crate::{
    accounts::{register, settle, with_config_mut, with_participant_mut},
    interface::{sync_points, Error, Registered},
    jobs,
    state::KIND_NODE,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = sync_points::Accounts::parse(accounts)?;
    sync_points::Args::parse(data)?;
    let node = jobs::read(&a.node)?;
    let (epoch, points) = with_config_mut(&a.config, |config| {
        with_participant_mut(&a.participant, |p| {
            if p.kind != KIND_NODE {
                return Err(Error::NotANode);
            }
            if &p.key != a.node.address() {
                return Err(Error::InvalidNode);
            }
            let same_node = node.registered_at == p.node_registered_at.get();
            let delta = match node.computing_points.checked_sub(p.points_synced.get()) {
                Some(delta) if same_node => delta,
                _ => node.computing_points,
            };
            settle(config, p, &a.participant, &a.last_epoch)?;
            register(config, p, 0, delta)?;
            p.points_synced.set(node.computing_points);
            p.node_registered_at.set(node.registered_at);
            Ok((config.epoch.get(), delta))
        })
    })?;
    if points > 0 {
        Registered {
            participant: *a.participant.address(),
            epoch,
            weight: 0,
            points,
        }
        .emit();
    }
    Ok(())
}
