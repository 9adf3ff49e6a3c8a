// routing: bgp: the session timers every tunnel's eBGP session uses, decided here only.
// BFD (bfdd, RFC 5880) detects a dead tunnel in interval x multiplier: 300 ms x 3 = 900 ms, so a
// cut tunnel's routes go "within about a second". 300 ms is FRR's own default interval; going
// lower buys little on a path where one lost VXLAN packet is normal, and three in a row are not.
export const BFD = { profile: "HSV-TUNNEL", interval: 300, multiplier: 3, detectMs: 900 } as const;

// BGP's own timers are the backstop when BFD cannot speak (bfdd stopped): keepalive 3 s, hold 9 s,
// FRR's datacenter profile for point-to-point links (the traditional 60/180 s would keep a dead
// session for 3 minutes). The TCP connect is retried every second (traditional: 120 s): a session
// comes back within about a second of its tunnel, for one SYN a second while the peer is away.
export const BGP_TIMERS = { keepalive: 3, holdTime: 9, connectRetry: 1 } as const;
