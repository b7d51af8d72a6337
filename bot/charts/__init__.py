"""Charts: what a chart shows (data), drawing it (draw) in a worker process, a cache, and
the /bieudo handlers."""
