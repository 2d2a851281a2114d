# Varnish in front of the gossip desk's app servers (Varnish 7 with varnish-modules' xkey).
#
# It keeps what the app says a page may be kept (Cache-Control's s-maxage, cut by the app
# at the next scheduled change) and nothing else; staff, and anything setting a cookie or
# marked private, go straight through. The app purges by key: every page carries the keys
# of what it shows in its xkey header, and each edit, publish or withdrawal sends a PURGE
# with those keys (NEWSROOM_HTTP_CACHE_PURGE_URLS, newsroom/httpcache.py).
#
# The desk (everything under /admin/) goes to app workers of its own, so a burst of
# saves and publications never keeps readers waiting behind it; where there is only one
# set of workers, give both backends the same address.
#
# Edit the backends (or use directors for several app servers) and the purgers list.

vcl 4.1;

import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
}

backend desk {
    .host = "127.0.0.1";
    .port = "8002";
}

# The app servers: the only clients whose purges are obeyed.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in an xkey-purge header"));
        }
        # A soft purge keeps the old copy for its grace (stale-while-revalidate), for
        # changes that take nothing away from readers; any other purge drops it.
        if (req.http.xkey-soft) {
            set req.http.xkey-purged = xkey.softpurge(req.http.xkey-purge);
        } else {
            set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
        }
        return (synth(200, "Purged " + req.http.xkey-purged));
    }
    # The desk, its sign-in and its saves: never stored, and served by the desk's workers.
    if (req.url ~ "^/admin/") {
        set req.backend_hint = desk;
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in staff (the session cookie) see drafts, previews and the desk: never shared.
    if (req.http.Cookie ~ "(^|;)\s*sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # Readers' other cookies do not change a public page (the app ignores them too).
    return (hash);
}

sub vcl_backend_response {
    # Kept only when the app says so, for as long as it says (s-maxage, else max-age):
    # a 404 for a story not live yet, or a redirect, is never kept by default.
    if (beresp.http.Set-Cookie
            || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
            || beresp.http.Cache-Control !~ "max-age"
            || beresp.http.Vary == "*"
            || beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 5s;
        return (deliver);
    }
    # Served stale only as long as the app allows, never past a scheduled change (the
    # app leaves stale-while-revalidate out then): no default grace.
    if (beresp.http.Cache-Control !~ "stale-while-revalidate=[1-9]") {
        set beresp.grace = 0s;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for purging here; Surrogate-Key stays for a CDN in front.
    unset resp.http.xkey;
}
