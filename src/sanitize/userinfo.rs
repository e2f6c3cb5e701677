//! URL userinfo (`user:password@`) removed before an endpoint or a proxy is
//! shown.

/// Removes `user@` / `user:password@` from every URL in `s` (`scheme://` ...),
/// and from a lone `user:password@host:port` (a proxy variable written without
/// a scheme). Use it on any endpoint or proxy before it is shown.
///
/// The userinfo ends at the last `@` before the first `/`, `?` or `#` of the
/// authority; when the authority is not a valid `host[:port]` (a password with
/// an unencoded `/`), at the last `@` of the URL before `?`/`#`.
pub fn strip_userinfo(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut any_scheme = false;
    while let Some(i) = rest.find("://") {
        any_scheme = true;
        let after = i + 3;
        out.push_str(&rest[..after]);
        let url = &rest[after..];
        let word_end = url.find(char::is_whitespace).unwrap_or(url.len());
        let word = &url[..word_end];
        let cut = userinfo_end(word);
        match cut {
            Some(n) => out.push_str(&word[n..]),
            None => out.push_str(word),
        }
        rest = &url[word_end..];
    }
    out.push_str(rest);
    if !any_scheme {
        let t = out.trim();
        if !t.is_empty()
            && !t.contains(char::is_whitespace)
            && let Some(n) = userinfo_end(t)
        {
            return t[n..].to_string();
        }
    }
    out
}

/// Where the host starts in `word` (what follows `scheme://`), when there is userinfo.
fn userinfo_end(word: &str) -> Option<usize> {
    let query = word.find(['?', '#']).unwrap_or(word.len());
    let authority_end = word[..query].find(['/', '\\']).unwrap_or(query);
    if let Some(at) = word[..authority_end].rfind('@') {
        return Some(at + 1);
    }
    // No `@` in the authority: is the authority even a host[:port]? If its port
    // is not a number, a password with a `/` has split it: cut at the last `@`.
    // The port follows a bracketed IPv6 host's `]` (`[::1]`, `[::1]:8080`),
    // or else the last `:`.
    let authority = &word[..authority_end];
    let port = match authority.strip_prefix('[').and_then(|a| a.split_once(']')) {
        Some((_, after)) => after.strip_prefix(':').unwrap_or(after),
        None => authority.rsplit_once(':').map_or("", |(_, p)| p),
    };
    let bad_port = !port.chars().all(|c| c.is_ascii_digit());
    if bad_port && let Some(at) = word[..query].rfind('@') {
        return Some(at + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_never_shown() {
        let rows = [
            (
                "https://me:hf_secret@huggingface.co",
                "https://huggingface.co",
            ),
            (
                "https://me@huggingface.co/api",
                "https://huggingface.co/api",
            ),
            (
                "http://u:p@127.0.0.1:8080/x?y=1",
                "http://127.0.0.1:8080/x?y=1",
            ),
            ("http://u:p@ss@proxy:3128", "http://proxy:3128"),
            ("http://u:pa/ss@proxy:3128", "http://proxy:3128"),
            ("socks5h://user:pw@[::1]:1080", "socks5h://[::1]:1080"),
            (
                "HF_ENDPOINT=https://a:b@h.co and http://c@d.co/x",
                "HF_ENDPOINT=https://h.co and http://d.co/x",
            ),
            ("user:pass@proxy.corp:3128", "proxy.corp:3128"),
            (
                "https://huggingface.co/@user/x",
                "https://huggingface.co/@user/x",
            ),
            ("https://[::1]:8080/@x", "https://[::1]:8080/@x"),
            ("https://huggingface.co", "https://huggingface.co"),
            ("proxy.corp:3128", "proxy.corp:3128"),
            ("mail me@example.com", "mail me@example.com"),
            ("", ""),
        ];
        for (input, want) in rows {
            assert_eq!(strip_userinfo(input), want, "{input:?}");
        }
    }

    /// An `@` in the path of a URL whose authority is a valid `host:port` is
    /// part of the path, not userinfo.
    #[test]
    fn an_at_in_the_path_after_a_port_is_kept() {
        for s in ["http://127.0.0.1:8080/@x", "https://h.co:443/a/@b?c=@d"] {
            assert_eq!(strip_userinfo(s), s);
        }
    }

    /// A bracketed IPv6 host without a port is a valid authority: an `@` later in
    /// the path is kept, and the host is shown. (It used to be read as a broken
    /// `host:port`, and `http://[::1]/@x` was shown as `http://x`.)
    #[test]
    fn an_ipv6_host_without_a_port_is_kept() {
        let rows = [
            ("http://[::1]/@x", "http://[::1]/@x"),
            ("http://[fe80::1]/a@b", "http://[fe80::1]/a@b"),
            ("http://u:p@[fe80::1]/a@b", "http://[fe80::1]/a@b"),
            ("http://[::1]:8080/@x", "http://[::1]:8080/@x"),
            // after the `]`, only a `:` and digits make a port
            ("http://[::1]:pa/ss@proxy:3128", "http://proxy:3128"),
            ("http://[::1]x/@h", "http://h"),
        ];
        for (input, want) in rows {
            assert_eq!(strip_userinfo(input), want, "{input:?}");
        }
    }
}
