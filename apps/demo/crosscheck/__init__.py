"""The cross-check's synthetic data: noisy external lists with known truth (:mod:`.noise`, for the matcher's
tests and the benchmark) and the practice death list a new user downloads to try the cross-check
(:mod:`.practice`)."""
