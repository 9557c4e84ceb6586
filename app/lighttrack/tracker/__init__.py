"""The tracker adapter: the sampler thread, the idle-return flow, notifications and platform backends."""
