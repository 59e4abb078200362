//! Recognising 1fichier links and finding URLs in free text (§6.2, §6.3). Pure string work:
//! the `url` crate would double the size of the wasm for what these few rules need.

use crate::json::Value;

/// The 11 link domains, by domain id (§6.2).
pub const DOMAINS: [&str; 11] = [
    "1fichier.com",
    "alterupload.com",
    "cjoint.net",
    "desfichiers.com",
    "dfichiers.com",
    "megadl.fr",
    "mesfichiers.org",
    "piecejointe.net",
    "pjointe.com",
    "tenvoi.com",
    "dl4free.com",
];

/// Sub-domains of 1fichier.com that are services, not legacy `<id>.1fichier.com` file links.
const SERVICE_HOSTS: [&str; 8] = [
    "www", "api", "upload", "img", "static", "ftp", "console", "cdn",
];

#[derive(Debug, PartialEq, Clone, Copy)]
pub enum LinkKind {
    File,
    Folder,
    /// A one-time download link from `downloadLink` (`https://a-4.1fichier.com/c123`).
    Direct,
}

#[derive(Debug, PartialEq, Clone)]
pub struct Link {
    pub kind: LinkKind,
    pub id: String,
    pub domain: String,
    /// The canonical link: https, original domain kept (some files only work on their own
    /// domain), extra parameters (`&af=`, `&lg=`) removed.
    pub url: String,
}

impl Link {
    pub fn to_value(&self) -> Value {
        let kind = match self.kind {
            LinkKind::File => "file",
            LinkKind::Folder => "folder",
            LinkKind::Direct => "direct",
        };
        Value::object()
            .with("kind", kind)
            .with("id", self.id.as_str())
            .with("domain", self.domain.as_str())
            .with("url", self.url.as_str())
    }
}

/// Where `needle` first occurs in `text`. Byte-wise on purpose: `str::find(&str)` brings the
/// two-way searcher and its panic formatting into the wasm (~2 KB gzip) for a few short needles.
pub fn find(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    text.as_bytes()
        .windows(needle.len().max(1))
        .position(|window| window == needle)
}

/// The text before the first `byte` and, when there is one, the text after it. Byte-wise for
/// the same reason as `find`.
pub fn cut(text: &str, byte: u8) -> (&str, Option<&str>) {
    match text.bytes().position(|b| b == byte) {
        Some(at) => (text.get(..at).unwrap_or(""), text.get(at + 1..)),
        None => (text, None),
    }
}

/// The text with the `user:password@` of a URL removed, wherever it appears.
pub fn without_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, "://") {
        let (head, tail) = rest.split_at_checked(at + 3).unwrap_or((rest, ""));
        out.push_str(head);
        let authority_end = tail
            .bytes()
            .position(|b| matches!(b, b'/' | b'?' | b'#' | b' ' | b'"' | b'\''))
            .unwrap_or(tail.len());
        match tail
            .get(..authority_end)
            .unwrap_or("")
            .bytes()
            .rposition(|b| b == b'@')
        {
            Some(user_end) => rest = tail.get(user_end + 1..).unwrap_or(""),
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// The parts of an absolute URL that matter here.
pub struct UrlParts<'a> {
    pub scheme: &'a str,
    pub authority: &'a str,
    pub path: &'a str,
    pub query: &'a str,
}

pub fn split_url(text: &str) -> Option<UrlParts<'_>> {
    let at = find(text, "://")?;
    let (scheme, rest) = (text.get(..at)?, text.get(at + 3..)?);
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let rest = cut(rest, b'#').0;
    let end = rest
        .bytes()
        .position(|b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    let (authority, rest) = rest.split_at_checked(end).unwrap_or((rest, ""));
    let (path, query) = cut(rest, b'?');
    let query = query.unwrap_or("");
    Some(UrlParts {
        scheme,
        authority,
        path,
        query,
    })
}

/// The host of an authority, lower-cased, without user info or port.
pub fn host_name(authority: &str) -> String {
    let host = match authority.bytes().rposition(|b| b == b'@') {
        Some(at) => authority.get(at + 1..).unwrap_or(""),
        None => authority,
    };
    let host = if host.starts_with('[') {
        match host.bytes().position(|b| b == b']') {
            Some(at) => host.get(..=at).unwrap_or(host),
            None => host,
        }
    } else {
        cut(host, b':').0
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// The port of an authority, or the scheme's default one when it names none.
pub fn port(authority: &str, https: bool) -> &str {
    let host = match authority.bytes().rposition(|b| b == b'@') {
        Some(at) => authority.get(at + 1..).unwrap_or(""),
        None => authority,
    };
    let after_host = match host.bytes().position(|b| b == b']') {
        Some(at) if host.starts_with('[') => host.get(at + 1..).unwrap_or(""),
        _ => host,
    };
    match cut(after_host, b':').1 {
        Some(port) if !port.is_empty() => port,
        _ if https => "443",
        _ => "80",
    }
}

/// An absolute http(s) URL with a host and nothing that could not be sent as is.
pub fn is_http_url(text: &str) -> bool {
    let Some(parts) = split_url(text) else {
        return false;
    };
    let scheme = parts.scheme.to_ascii_lowercase();
    (scheme == "http" || scheme == "https")
        && !host_name(parts.authority).is_empty()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_file_id(text: &str) -> bool {
    (5..=20).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphanumeric())
}

fn link_domain(host: &str) -> Option<&'static str> {
    let host = host.strip_prefix("www.").unwrap_or(host);
    DOMAINS.iter().copied().find(|d| *d == host)
}

/// Recognises a 1fichier file, folder or direct link; `None` for anything else.
pub fn parse_link(text: &str) -> Option<Link> {
    let text = text.trim();
    let owned;
    let text = if find(text, "://").is_some() {
        text
    } else {
        owned = ["https://", text].concat();
        &owned
    };
    let parts = split_url(text)?;
    if !matches!(parts.scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let host = host_name(parts.authority);
    let mut segments: Vec<&str> = Vec::new();
    let mut path = Some(parts.path);
    while let Some(rest) = path {
        let (segment, after) = cut(rest, b'/');
        if !segment.is_empty() {
            segments.push(segment);
        }
        path = after;
    }

    if let Some(domain) = link_domain(&host) {
        // `/dir/<id>`, optionally behind a two-letter language (`/en/dir/<id>`).
        let folder = match segments.as_slice() {
            ["dir", id] => Some(*id),
            [lang, "dir", id] if lang.len() == 2 => Some(*id),
            _ => None,
        };
        if let Some(id) =
            folder.filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Some(Link {
                kind: LinkKind::Folder,
                id: id.into(),
                domain: domain.into(),
                url: ["https://", domain, "/dir/", id].concat(),
            });
        }
        let id = cut(parts.query, b'&').0;
        let on_root =
            segments.is_empty() || matches!(segments.as_slice(), [lang] if lang.len() == 2);
        if on_root && is_file_id(id) {
            return Some(Link {
                kind: LinkKind::File,
                id: id.into(),
                domain: domain.into(),
                url: ["https://", domain, "/?", id].concat(),
            });
        }
        return None;
    }

    for parent in ["1fichier.com", "dl4free.com"] {
        let Some(sub) = host.strip_suffix(parent).and_then(|s| s.strip_suffix('.')) else {
            continue;
        };
        if sub.bytes().any(|b| b == b'.') || SERVICE_HOSTS.contains(&sub) {
            return None;
        }
        // Legacy `https://<id>.1fichier.com/` file links.
        if segments.is_empty() && is_file_id(sub) && !is_upload_node(sub) {
            return Some(Link {
                kind: LinkKind::File,
                id: sub.into(),
                domain: parent.into(),
                url: ["https://", parent, "/?", sub].concat(),
            });
        }
        // Tokenised direct links `https://a-4.1fichier.com/c1080178402`.
        let node_like = match cut(sub, b'-') {
            (whole, None) => whole.chars().all(|c| c.is_ascii_alphanumeric()),
            (a, Some(n)) => {
                !a.is_empty()
                    && a.chars().all(|c| c.is_ascii_alphanumeric())
                    && !n.is_empty()
                    && n.chars().all(|c| c.is_ascii_digit())
            }
        };
        if parent == "1fichier.com" && node_like {
            if let [token] = segments.as_slice() {
                if token.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Some(Link {
                        kind: LinkKind::Direct,
                        id: (*token).into(),
                        domain: host.clone(),
                        url: ["https://", &host, "/", token].concat(),
                    });
                }
            }
        }
        return None;
    }
    None
}

/// `up2`, `up123`: upload nodes, not file ids.
fn is_upload_node(sub: &str) -> bool {
    sub.strip_prefix("up")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Every http(s) URL in free text, in order of appearance, each once.
///
/// A URL ends at whitespace, quotes or angle brackets; trailing sentence punctuation is not
/// part of it, nor is a closing bracket that has no opening one inside the URL.
pub fn extract_links(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(offset) = find(lower.get(at..).unwrap_or(""), "http") {
        let start = at + offset;
        let rest = lower.get(start..).unwrap_or("");
        let scheme_len = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            at = start + 4;
            continue;
        };
        // "xhttp://" is not a URL start.
        if start > 0
            && text
                .get(..start)
                .unwrap_or("")
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            at = start + scheme_len;
            continue;
        }
        let end = text
            .get(start..)
            .unwrap_or("")
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\u{0}'..='\u{1f}')
            })
            .map_or(text.len(), |e| start + e);
        let url = trim_url_end(text.get(start..end).unwrap_or(""));
        if url.len() > scheme_len && is_http_url(url) && !found.iter().any(|f| f == url) {
            found.push(url.to_string());
        }
        at = end.max(start + scheme_len);
    }
    found
}

fn trim_url_end(mut url: &str) -> &str {
    loop {
        let Some(last) = url.chars().next_back() else {
            return url;
        };
        let unbalanced = |open: char, close: char| {
            last == close && url.matches(open).count() < url.matches(close).count()
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '*')
            || unbalanced('(', ')')
            || unbalanced('[', ']')
            || unbalanced('{', '}')
        {
            url = url.get(..url.len() - last.len_utf8()).unwrap_or("");
        } else {
            return url;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(url: &str) -> Option<(LinkKind, String, String)> {
        parse_link(url).map(|l| (l.kind, l.id, l.url))
    }

    #[test]
    fn recognises_file_links_on_all_eleven_domains() {
        for domain in DOMAINS {
            let link = parse_link(&format!("https://{domain}/?abcde12345")).unwrap();
            assert_eq!(
                (link.kind, link.id.as_str(), link.domain.as_str()),
                (LinkKind::File, "abcde12345", domain)
            );
            assert_eq!(link.url, format!("https://{domain}/?abcde12345"));
        }
    }

    #[test]
    fn normalises_the_legacy_and_decorated_forms() {
        let canonical = Some((
            LinkKind::File,
            "2zk52quqlm0cbjr93ri5".to_string(),
            "https://1fichier.com/?2zk52quqlm0cbjr93ri5".to_string(),
        ));
        for text in [
            "https://1fichier.com/?2zk52quqlm0cbjr93ri5",
            "http://www.1fichier.com/?2zk52quqlm0cbjr93ri5&af=3108529",
            "https://1fichier.com/?2zk52quqlm0cbjr93ri5&lg=en&inline=1&e=1",
            "https://1fichier.com/en/?2zk52quqlm0cbjr93ri5",
            "  1fichier.com/?2zk52quqlm0cbjr93ri5  ",
            "https://2zk52quqlm0cbjr93ri5.1fichier.com/",
            "HTTPS://1FICHIER.COM/?2zk52quqlm0cbjr93ri5#x",
        ] {
            assert_eq!(file(text), canonical, "{text}");
        }
        assert_eq!(
            file("https://kpti0z.dl4free.com").unwrap().2,
            "https://dl4free.com/?kpti0z"
        );
    }

    #[test]
    fn recognises_folders_and_direct_links() {
        let folder = parse_link("https://1fichier.com/en/dir/AbC123xy").unwrap();
        assert_eq!(
            (folder.kind, folder.url.as_str()),
            (LinkKind::Folder, "https://1fichier.com/dir/AbC123xy")
        );
        let direct = parse_link("https://a-4.1fichier.com/c1080178402").unwrap();
        assert_eq!(
            (direct.kind, direct.id.as_str(), direct.domain.as_str()),
            (LinkKind::Direct, "c1080178402", "a-4.1fichier.com")
        );
    }

    #[test]
    fn refuses_what_is_not_a_1fichier_link() {
        for text in [
            "https://example.com/?abcde12345",
            "https://1fichier.com/",
            "https://1fichier.com/?abc",
            "https://1fichier.com/?abcdefghijklmnopqrstuvwxyz",
            "https://1fichier.com/console/params.pl",
            "https://api.1fichier.com/",
            "https://up2.1fichier.com/",
            "https://upload.1fichier.com/",
            "https://1fichier.com.evil.com/?abcde12345",
            "ftp://1fichier.com/?abcde12345",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(parse_link(text), None, "{text}");
        }
    }

    #[test]
    fn extracts_urls_from_free_text_in_order_once() {
        let text = "See https://a.example/x.zip, and (https://b.example/y) or \
                    <https://a.example/x.zip>. Wiki: https://en.wikipedia.org/wiki/Foo_(bar). \
                    http://c.example/?q=1&r=2! not xhttp://d.example nor ftp://e.example \"https://f.example/\"";
        assert_eq!(
            extract_links(text),
            vec![
                "https://a.example/x.zip",
                "https://b.example/y",
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                "http://c.example/?q=1&r=2",
                "https://f.example/",
            ]
        );
        assert!(extract_links("nothing here, just http:// and https://").is_empty());
        assert_eq!(
            extract_links("HTTPS://UP.example/A"),
            vec!["HTTPS://UP.example/A"]
        );
    }

    #[test]
    fn http_url_check_needs_a_host() {
        assert!(is_http_url("https://example.com"));
        assert!(is_http_url("http://127.0.0.1:8080/x"));
        assert!(!is_http_url("https:///x"));
        assert!(!is_http_url("https://exa mple.com"));
        assert!(!is_http_url("file:///etc/passwd"));
        assert_eq!(host_name("user:pw@Example.COM:443"), "example.com");
    }
}
