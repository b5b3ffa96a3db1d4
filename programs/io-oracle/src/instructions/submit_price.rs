//! `submit_price`: an oracle's observation; a quorum of them that agrees within the band sets
//! the price (`aggregate`).

use super::with_feed_mut;
use crate::{
    aggregate::{aggregate, Slots, Submissions, Verdict},
    interface::{submit_price, Error, PriceAccepted, PriceRejected, PriceSubmitted},
    state::{OracleConfig, MAX_FUTURE_SKEW},
};
use pinocchio::{
    sysvars::{clock::Clock, Sysvar},
    AccountView, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = submit_price::Accounts::parse(accounts)?;
    let args = submit_price::Args::parse(data)?;
    if !a.config.owned_by(&crate::ID) {
        return Err(Error::InvalidConfig.into());
    }
    let config = {
        let data = a.config.try_borrow()?;
        *OracleConfig::from_bytes(&data)?
    };
    if args.set_version != config.set_version.get() {
        return Err(Error::StaleOracleSet.into());
    }
    let members = &config.members[..(config.member_count as usize).min(config.members.len())];
    let Some(index) = members.iter().position(|m| m == a.oracle.address()) else {
        return Err(Error::NotOracle.into());
    };
    if args.price == 0 {
        return Err(Error::InvalidPrice.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let staleness = config.staleness.get();
    if args.timestamp > now.saturating_add(MAX_FUTURE_SKEW)
        || now.saturating_sub(args.timestamp) > staleness as i64
    {
        return Err(Error::StaleSubmission.into());
    }

    let verdict = with_feed_mut(&a.price_feed, |feed| {
        feed.sub_price[index].set(args.price);
        feed.sub_confidence[index].set(args.confidence);
        feed.sub_timestamp[index].set(args.timestamp);
        feed.sub_set_version[index].set(args.set_version);
        let verdict = aggregate(&Submissions {
            slots: Slots::of(feed),
            members: members.len(),
            set_version: args.set_version,
            quorum: config.quorum,
            now,
            staleness,
            agreement_bps: config.agreement_bps.get(),
            last_price: feed.price.get(),
            max_move_bps: config.max_move_bps.get(),
            max_conf_bps: config.max_conf_bps.get(),
        });
        match verdict {
            Verdict::Accept {
                price,
                confidence,
                publish_ts,
                ..
            } => {
                feed.price.set(price);
                feed.confidence.set(confidence);
                feed.publish_ts.set(publish_ts);
                feed.healthy.set(true);
            }
            Verdict::Reject { .. } => feed.healthy.set(false),
            Verdict::NoQuorum => {}
        }
        Ok(verdict)
    })?;

    PriceSubmitted {
        oracle: *a.oracle.address(),
        price: args.price,
        confidence: args.confidence,
        timestamp: args.timestamp,
    }
    .emit();
    match verdict {
        Verdict::Accept {
            price,
            confidence,
            publish_ts,
            count,
        } => PriceAccepted {
            price,
            confidence,
            publish_ts,
            submissions: count,
        }
        .emit(),
        Verdict::Reject {
            price,
            confidence,
            reason,
        } => PriceRejected {
            price,
            confidence,
            reason,
        }
        .emit(),
        Verdict::NoQuorum => {}
    }
    Ok(())
}
