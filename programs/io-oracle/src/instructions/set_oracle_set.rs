//! `set_oracle_set`: a new set of oracle keys and a majority quorum; older submissions stop counting.

use super::{with_config_mut, with_feed_mut};
use crate::{
    interface::{set_oracle_set, Error, OracleSetChanged},
    state::MAX_ORACLES,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = set_oracle_set::Accounts::parse(accounts)?;
    let args = set_oracle_set::Args::parse(data)?;
    let members = args.members;
    let count = members.len();
    let distinct = members
        .iter()
        .enumerate()
        .all(|(i, m)| *m != [0u8; 32] && !members[..i].contains(m));
    // A majority quorum: two disjoint groups of members can never both reach it, and fewer
    // than a quorum of colluders bend no figure (docs/oracle.md, "The quorum rule").
    let majority = (args.quorum as usize).saturating_mul(2) > count;
    if count == 0 || count > MAX_ORACLES || !distinct || !majority || args.quorum as usize > count {
        return Err(Error::InvalidOracleSet.into());
    }
    let set_version = with_config_mut(&a.config, |config| {
        if &config.admin != a.admin.address() {
            return Err(Error::Unauthorized);
        }
        let set_version = config
            .set_version
            .get()
            .checked_add(1)
            .ok_or(Error::InvalidOracleSet)?;
        config.set_version.set(set_version);
        config.quorum = args.quorum;
        config.member_count = count as u8;
        for (i, slot) in config.members.iter_mut().enumerate() {
            *slot = members
                .get(i)
                .map_or(Address::default(), |m| Address::new_from_array(*m));
        }
        Ok(set_version)
    })?;
    // Submissions of the old set no longer count; clear them so slots match the new members.
    with_feed_mut(&a.price_feed, |feed| {
        feed.sub_price = Default::default();
        feed.sub_confidence = Default::default();
        feed.sub_timestamp = Default::default();
        feed.sub_set_version = Default::default();
        Ok(())
    })?;
    OracleSetChanged {
        set_version,
        quorum: args.quorum,
        member_count: count as u8,
    }
    .emit();
    Ok(())
}
