//! Attestation rounds: each member's cumulative figure, and the figure a quorum supports.

use crate::state::Job;
use io_common::oracle::quorum_lower_median;

/// The lower median of the figures of the members in `mask`, if at least `quorum` attested:
/// at least half of those members attested this figure or more.
pub fn quorum_figure(job: &Job, quorum: u8) -> Option<u32> {
    let figures = job.attest_hours.iter().map(|h| h.get());
    quorum_lower_median(figures, job.attest_mask.get(), quorum, |_| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(figures: &[(usize, u32)]) -> Job {
        let mut data = [0u8; Job::LEN];
        let job = Job::init(&mut data).unwrap();
        let mut mask = 0u16;
        for &(i, h) in figures {
            job.attest_hours[i].set(h);
            mask |= 1 << i;
        }
        job.attest_mask.set(mask);
        *job
    }

    #[test]
    fn needs_a_quorum_and_takes_the_lower_median() {
        assert_eq!(quorum_figure(&job(&[(0, 5)]), 2), None);
        assert_eq!(quorum_figure(&job(&[(0, 5), (3, 9)]), 2), Some(5));
        assert_eq!(quorum_figure(&job(&[(0, 5), (3, 9), (7, 8)]), 2), Some(8));
        assert_eq!(
            quorum_figure(&job(&[(9, 4), (1, 2), (2, 7), (5, 1)]), 3),
            Some(2)
        );
        // A quorum of 0 still needs one figure.
        assert_eq!(quorum_figure(&job(&[]), 0), None);
    }
}
