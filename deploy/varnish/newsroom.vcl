# Varnish in front of the newsroom (Debian's varnish 7.x; `varnishd -f /etc/varnish/newsroom.vcl`).
#
# The application decides what may be cached (Cache-Control: public with s-maxage, or private,
# no-store); this file only makes those answers shareable and purgeable:
#   * PURGE (sent by wagtail.contrib.frontend_cache's HTTPBackend, FRONTEND_CACHE_PURGE_URL) drops
#     every query variant of the path on that host (?page=2, ?format=jsonld), as the app cache does;
#   * anonymous requests lose their cookies (csrftoken, analytics) and tracking parameters
#     (utm_*, fbclid, gclid, ...); other unknown parameters go to the application uncached here
#     (its own page cache leaves them out of its key), so they cannot grow or evict this cache;
#   * the admin, previews, signed-in users (a session cookie), the newsletter endpoints and every
#     method but GET and HEAD pass straight through.
# Set the backend below to gunicorn's address, and the purgers ACL to the hosts that publish.
vcl 4.1;

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", "") + " && obj.http.x-host == " + std.tolower(req.http.host));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|newsletter|healthz)(/|$)" || req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);  # signed in: personal pages (private, no-store), straight to the app
    }
    unset req.http.Cookie;

    # Tracking parameters never change a page: out of the URL, so one object serves them all.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "([?&])(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)=[^&]*", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
        # Parameters other than the ones pages read (KEY_PARAMS: page, format, before): not stored here.
        if (regsuball(req.url, "([?&])(page|format|before)=[^&]*", "\1") ~ "[?&][^&=]") {
            return (pass);
        }
    }
    # JSON-LD by content negotiation is the only use of Accept: two variants at most.
    if (req.http.Accept ~ "ld\+json") {
        set req.http.Accept = "application/ld+json";
    } else {
        unset req.http.Accept;
    }
    return (hash);
}

sub vcl_backend_response {
    # What a purge matches on (lurker-friendly bans: obj.* only).
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    set beresp.http.x-host = std.tolower(bereq.http.host);
    if (!beresp.http.Cache-Control) {
        # The application did not say public: not stored (404s of random URLs included).
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Otherwise the built-in rules: s-maxage/max-age for the TTL, private/no-store/Set-Cookie not stored.
}

sub vcl_deliver {
    unset resp.http.x-path;
    unset resp.http.x-host;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
