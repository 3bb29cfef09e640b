# Varnish in front of the newsroom (Debian's varnish 7.x; `varnishd -f /etc/varnish/newsroom.vcl`).
#
# The application decides what may be cached (Cache-Control: public with s-maxage, or private,
# no-store); this file only makes those answers shareable and purgeable:
#   * the Host is normalised first (lowercase, no :80 or :443), so `name`, `NAME` and `name:80` are
#     one object and one purge reaches them all;
#   * PURGE (sent by pagecache.backends.TokenHTTPBackend, FRONTEND_CACHE_PURGE_URL) drops every
#     query variant of the path on that host (?page=2, ?format=jsonld), as the app cache does. It
#     must come from the purgers ACL *and* carry X-Purge-Token equal to varnishd's environment
#     variable FRONTEND_CACHE_PURGE_TOKEN (the same secret the application sends; read with
#     std.getenv, so no secret is written in this file). Unset or empty: every purge is refused;
#   * a PURGE carrying an `xkey-purge` header (pagecache.backends.VarnishKeyBackend) drops every
#     object whose `xkey` response header names one of its keys (vmod_xkey, Debian's
#     varnish-modules): one request for an author of 5,000 articles or the whole site ("site"),
#     with `xkey-softpurge: 1` marking them stale instead. Same ACL and token as URL purges;
#   * only a signed-in reader (the newsroom_signed_in cookie the application sets at login and
#     deletes at logout, pagecache/marker.py) passes to the application with its cookies; everyone
#     else loses their cookies (sessionid, csrftoken, analytics) and is served from the cache. The
#     marker is not a secret: a forged one only reaches the application's own page cache, which
#     checks the real session. An Authorization header changes nothing (no page reads one);
#   * tracking parameters (utm_*, fbclid, gclid, ...) are dropped; other unknown parameters go to the
#     application uncached here (its own page cache leaves them out of its key), so they cannot
#     grow or evict this cache;
#   * the admin, the newsletter endpoints, documents, Wagtail's password and login forms (/_util/)
#     and every method but GET and HEAD pass straight through with their cookies.
# Set the backend below to gunicorn's address, and the purgers ACL to the hosts that publish; give
# varnishd FRONTEND_CACHE_PURGE_TOKEN in its environment (docs/operations/deploy.md, "Varnish": a systemd drop-in).
vcl 4.1;

import std;
import xkey;

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
    # One spelling per host before anything is hashed or banned: name:80 is name.
    if (req.http.host) {
        set req.http.host = std.tolower(regsub(req.http.host, ":(80|443)$", ""));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (std.getenv("FRONTEND_CACHE_PURGE_TOKEN") == "" ||
            req.http.X-Purge-Token != std.getenv("FRONTEND_CACHE_PURGE_TOKEN")) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            if (req.http.xkey-softpurge) {
                set req.http.n-gone = xkey.softpurge(req.http.xkey-purge);
            } else {
                set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            }
            return (synth(200, "Purged " + req.http.n-gone + " objects"));
        }
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", "") + " && obj.http.x-host == " + req.http.host);
        return (synth(200, "Purged"));
    }
    unset req.http.X-Purge-Token;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Wagtail's own forms (/_util/: page passwords, sign-in) sit under the language prefix too (/fr/_util/).
    if (req.url ~ "^/(admin|newsletter|documents|healthz)(/|$)" || req.url ~ "^(/[a-z]{2}(-[a-z0-9]+)?)?/_util/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)newsroom_signed_in=") {
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
    set beresp.http.x-host = bereq.http.host;  # normalised in vcl_recv
    # Text compressed once, when stored (the application usually sends it compressed already; Varnish
    # decompresses for the rare client that asks for identity). Images and pre-compressed files are left as they are.
    if (!beresp.http.Content-Encoding &&
        beresp.http.Content-Type ~ "^(text/|application/(json|ld\+json|xml|rss\+xml|atom\+xml|javascript|manifest\+json))") {
        set beresp.do_gzip = true;
    }
    if (!beresp.http.Cache-Control) {
        # The application did not say public: not stored (404s of random URLs included).
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Otherwise the built-in rules: s-maxage/max-age for the TTL, private/no-store/Set-Cookie not stored.
}

sub vcl_deliver {
    unset resp.http.xkey;  # the application's cache keys: for this cache only
    unset resp.http.x-path;
    unset resp.http.x-host;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
