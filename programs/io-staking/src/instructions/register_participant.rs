//! `register_participant`: a node (by its owner) or a user becomes a participant others can
//! stake to, with the share of its rewards its stakers get.

use crate::{
    accounts::read_config,
    interface::{register_participant, Error, ParticipantRegistered},
    jobs,
    state::{Participant, ACCOUNT_VERSION, KIND_NODE, KIND_USER, PARTICIPANT_SEED},
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = register_participant::Accounts::parse(accounts)?;
    let args = register_participant::Args::parse(data)?;
    let config = read_config(&a.config)?;
    if args.share_bps < config.min_share_bps.get() || args.share_bps > config.max_share_bps.get() {
        return Err(Error::ShareOutOfBounds.into());
    }
    let (registered_at, points) = match args.kind {
        KIND_NODE => {
            // Only the node's owner speaks for it; the node is io_jobs' account.
            let node = jobs::read(&a.key)?;
            if &node.owner != a.authority.address() {
                return Err(Error::NotNodeOwner.into());
            }
            (node.registered_at, node.computing_points)
        }
        KIND_USER if a.key.address() == a.authority.address() => (0, 0),
        KIND_USER => return Err(Error::Unauthorized.into()),
        _ => return Err(Error::InvalidKind.into()),
    };
    if a.participant.owned_by(program_id) {
        return Err(Error::ParticipantExists.into());
    }
    let (address, bump) = Address::find_program_address(
        &seeds![PARTICIPANT_SEED, a.key.address().as_ref()],
        program_id,
    );
    if a.participant.address() != &address {
        return Err(Error::InvalidParticipant.into());
    }
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(PARTICIPANT_SEED),
        Seed::from(a.key.address().as_ref()),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.authority,
        account: &a.participant,
        space: Participant::LEN,
        rent_space: Participant::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    let mut account = a.participant;
    let mut data = account.try_borrow_mut()?;
    let p = Participant::init(&mut data)?;
    p.version = ACCOUNT_VERSION;
    p.bump = bump;
    p.kind = args.kind;
    p.key = *a.key.address();
    p.authority = *a.authority.address();
    p.share_bps.set(args.share_bps);
    // Points earned before joining are not this program's to reward.
    p.points_synced.set(points);
    p.node_registered_at.set(registered_at);
    ParticipantRegistered {
        participant: address,
        key: *a.key.address(),
        authority: *a.authority.address(),
        kind: args.kind,
        share_bps: args.share_bps,
    }
    .emit();
    Ok(())
}
