//! `sync_points`: the computing points a node earned in io_jobs since its last sync register
//! for the open epoch (and its hardware class is refreshed). Anyone may call it.

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
            p.class = node.hardware_class;
            let delta = node
                .computing_points
                .checked_sub(p.points_synced.get())
                .ok_or(Error::ArithmeticOverflow)?;
            settle(config, p, &a.participant, &a.last_epoch)?;
            if delta > 0 {
                register(config, p, 0, delta)?;
                p.points_synced.set(node.computing_points);
            }
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
