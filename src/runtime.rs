//! The client's runtime as sans-IO state machines: pacing, retries and flood waits, batched
//! remote uploads, waiting for a remote job, and the upload flow (node, key rule, body,
//! end.pl polling). A machine is fed events (start, an answer, a finished wait) and answers
//! with the next step (send this request, hand this body to the sender, wait, done, failed).
//!
//! Why machines rather than async code over a transport trait: the same code then runs under
//! `cargo test` with a scripted clock and scripted answers (below), and in wasm one small
//! driver loop (`wasm::drive`) performs the steps, so no per-method future is compiled into
//! the wasm and the boundary stays IO only.

use crate::api::{self, Operation};
use crate::endpoint::{Call, Effect};
use crate::error::{Error, ErrorCode};
use crate::input::{local, Options, Param};
use crate::json::{integer_text, Value};
use crate::links;
use crate::pacing::{self, Policy};

pub const DEFAULT_API_BASE: &str = "https://api.1fichier.com/v1";

/// One HTTP request to perform.
#[derive(Debug, PartialEq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
    /// 0: no limit.
    pub timeout_ms: f64,
}

/// What the IO layer must do next.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Send the request, then feed `Event::Answer`.
    Http(HttpRequest),
    /// Hand this upload body request (`{ url, authorization, multipart, fields }`) to the
    /// runtime's body sender, then feed its `{ status, body }` as `Event::Answer`.
    Body(Value),
    /// Wait this many ms, then feed `Event::Woke` (or `Event::Failed` if aborted meanwhile).
    Wait(f64),
    Done(Value),
    Fail(Error),
}

#[derive(Debug)]
pub enum Event {
    Start,
    /// What a request or the body sender gave: status and body text, or why there was none.
    Answer(Result<(u16, String), Error>),
    Woke,
    /// A wait was cut short (the caller's signal): nothing was in flight.
    Failed(Error),
}

/// A client's settings and its pacing state, shared by all its calls.
pub struct Client {
    pub api_base: String,
    /// Sent only as `Authorization` to the API and to allowed upload nodes; never printed.
    api_key: Option<String>,
    pub policy: Policy,
    /// When the last API request actually left: calls are spaced from real sends. A `Cell`:
    /// the machines of one client share it, one step at a time.
    last_sent: std::cell::Cell<Option<f64>>,
}

const CLIENT_OPTIONS: &[Param] = &[
    local("apiKey"),
    local("apiBase"),
    local("minIntervalMs"),
    local("maxRetries"),
    local("floodWaitMs"),
    local("timeoutMs"),
    local("allowInsecureHttp"),
];

impl Client {
    pub fn new(options: Option<&Value>) -> Result<Client, Error> {
        let options = Options::read("new Client", options, CLIENT_OPTIONS)?;
        let api_base = match options.text("apiBase")? {
            Some(base) => base.trim().trim_end_matches('/').to_string(),
            None => DEFAULT_API_BASE.to_string(),
        };
        check_api_base(&api_base, options.flag("allowInsecureHttp")? == Some(true))?;
        let api_key = match options.text("apiKey")? {
            // The message never repeats the value: it is a secret.
            Some(key)
                if key
                    .trim()
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control()) =>
            {
                return Err(Error::invalid_input(
                    "new Client: apiKey contains spaces or control characters; paste it again.",
                ))
            }
            Some(key) => Some(key.trim().to_string()).filter(|k| !k.is_empty()),
            None => None,
        };
        let defaults = Policy::default();
        let policy = Policy {
            min_interval_ms: options
                .ms("minIntervalMs")?
                .unwrap_or(defaults.min_interval_ms),
            max_retries: options
                .whole("maxRetries", 0.0, 100.0, "a whole number from 0 to 100")?
                .map_or(defaults.max_retries, |n| n as u32),
            flood_wait_ms: options.ms("floodWaitMs")?.unwrap_or(defaults.flood_wait_ms),
            timeout_ms: options.ms("timeoutMs")?.unwrap_or(defaults.timeout_ms),
        };
        Ok(Client {
            api_base,
            api_key,
            policy,
            last_sent: std::cell::Cell::new(None),
        })
    }

    pub fn has_api_key(&self) -> bool {
        self.api_key.is_some()
    }

    /// Removes the key from an error, wherever 1fichier may have echoed it.
    pub fn redact(&self, error: Error) -> Error {
        match &self.api_key {
            Some(key) => error.redact(key),
            None => error.redact(""),
        }
    }

    fn authorization(&self) -> Option<String> {
        self.api_key.as_ref().map(|key| ["Bearer ", key].concat())
    }

    fn api_request(&self, call: &Call) -> HttpRequest {
        let mut headers = vec![("Content-Type", "application/json".to_string())];
        if let Some(authorization) = self.authorization() {
            headers.push(("Authorization", authorization));
        }
        HttpRequest {
            method: "POST",
            url: [&self.api_base, "/", call.endpoint.path].concat(),
            headers,
            body: Some(call.body.to_json()),
            timeout_ms: self.policy.timeout_ms,
        }
    }
}

/// The key travels only over https, except to this machine (a local 1fichier); URLs with
/// credentials are refused (they would be echoed in messages and sent along).
/// The key travels over https only, except to a loopback `apiBase` (a local 1fichier) or
/// when the caller opts in to plain http with `allowInsecureHttp` (e.g. a proxy on a
/// private network), knowing that anyone on the way can read the key.
fn check_api_base(api_base: &str, allow_http: bool) -> Result<(), Error> {
    let refuse = |why: &str| Err(Error::invalid_input(["new Client: apiBase ", why].concat()));
    let Some(parts) = links::split_url(api_base) else {
        return refuse("must be an https URL.");
    };
    if parts.authority.bytes().any(|b| b == b'@') {
        return refuse("must not contain a user name or password.");
    }
    if !links::is_http_url(api_base) {
        return refuse("must be an https URL.");
    }
    let host = links::host_name(parts.authority);
    let loopback = host == "localhost" || host.starts_with("127.") || host == "[::1]";
    if parts.scheme.eq_ignore_ascii_case("http") && !loopback && !allow_http {
        return refuse("must use https: over plain http anyone on the way can read the API key (http is allowed to localhost, or with allowInsecureHttp: true).");
    }
    Ok(())
}

/// A running method.
pub trait Machine {
    fn next(&mut self, client: &Client, now: f64, event: Event) -> Step;
}

/// Reads a method's arguments and returns its machine; nothing is sent before this succeeds.
/// `entropy` draws a random 64-bit value; only uploads ask (for their multipart boundary).
pub fn start(
    client: &Client,
    method: &str,
    args: &[Value],
    entropy: fn() -> u64,
) -> Result<Box<dyn Machine>, Error> {
    let operation = api::prepare(method, args, client.has_api_key())?;
    if !client.has_api_key() && !matches!(operation, Operation::Upload(_)) {
        return Err(Error::invalid_input(
            [method, " needs an API key: new Client({ apiKey })."].concat(),
        ));
    }
    Ok(match operation {
        Operation::Call(call) => Box::new(CallMachine::new(call)),
        Operation::RemoteUpload(requests) => Box::new(RemoteUpload::new(requests)),
        Operation::WaitForJob {
            call,
            interval_ms,
            max_wait_ms,
        } => Box::new(WaitForJob {
            call,
            interval_ms,
            max_wait_ms,
            started: 0.0,
            polling: None,
        }),
        Operation::Upload(plan) => Box::new(Upload::new(*plan, entropy())),
    })
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum CallState {
    /// Waiting for its turn (pacing) or for a retry.
    Waiting,
    Sent,
    Over,
}

/// One API call: waits for its turn, sends, decodes, retries as `pacing::retry_delay` allows.
pub struct CallMachine {
    call: Call,
    state: CallState,
    retries: u32,
    /// Set when the call failed while its request was out: 1fichier may have acted on it.
    pub failed_in_flight: bool,
}

impl CallMachine {
    pub fn new(call: Call) -> Self {
        CallMachine {
            call,
            state: CallState::Waiting,
            retries: 0,
            failed_in_flight: false,
        }
    }

    fn send_when_due(&mut self, client: &Client, now: f64) -> Step {
        let due = client
            .last_sent
            .get()
            .map_or(now, |last| last + client.policy.min_interval_ms);
        if due > now {
            return Step::Wait(due - now);
        }
        client.last_sent.set(Some(now));
        self.state = CallState::Sent;
        Step::Http(client.api_request(&self.call))
    }

    fn fail(&mut self, error: Error) -> Step {
        self.state = CallState::Over;
        Step::Fail(error)
    }
}

impl Machine for CallMachine {
    fn next(&mut self, client: &Client, now: f64, event: Event) -> Step {
        match (self.state, event) {
            (_, Event::Failed(error)) => self.fail(error),
            (CallState::Waiting, Event::Start | Event::Woke) => self.send_when_due(client, now),
            (CallState::Sent, Event::Answer(answer)) => {
                match answer.and_then(|(status, body)| self.call.decode(status, &body)) {
                    Ok(value) => {
                        self.state = CallState::Over;
                        Step::Done(value)
                    }
                    Err(error) => match pacing::retry_delay(
                        &client.policy,
                        self.call.endpoint.effect,
                        self.retries,
                        &error,
                    ) {
                        Some(delay) => {
                            self.retries += 1;
                            self.state = CallState::Waiting;
                            Step::Wait(delay)
                        }
                        None => {
                            // A refusal by 1fichier (flood, auth…) means nothing happened.
                            self.failed_in_flight = matches!(
                                error.code,
                                ErrorCode::Network
                                    | ErrorCode::Timeout
                                    | ErrorCode::Aborted
                                    | ErrorCode::Server
                                    | ErrorCode::Decode
                            );
                            self.fail(error)
                        }
                    },
                }
            }
            _ => self.fail(out_of_order()),
        }
    }
}

fn out_of_order() -> Error {
    Error::new(
        ErrorCode::Api,
        "Internal error of the onefichier client: an event came out of order.",
    )
}

/// Remote upload requests, one after the other; on a failure, says what was sent, what may
/// have been, and what certainly was not.
pub struct RemoteUpload {
    requests: std::vec::IntoIter<(Call, Vec<String>)>,
    current: Option<(CallMachine, Vec<String>)>,
    sent: Vec<Value>,
    left: Vec<Vec<String>>,
}

impl RemoteUpload {
    fn new(requests: Vec<(Call, Vec<String>)>) -> Self {
        let left = requests.iter().map(|(_, urls)| urls.clone()).collect();
        RemoteUpload {
            requests: requests.into_iter(),
            current: None,
            sent: Vec::new(),
            left,
        }
    }

    fn start_next(&mut self, client: &Client, now: f64) -> Step {
        match self.requests.next() {
            Some((call, urls)) => {
                let mut machine = CallMachine::new(call);
                let step = machine.next(client, now, Event::Start);
                self.current = Some((machine, urls));
                step
            }
            None => Step::Done(Value::List(std::mem::take(&mut self.sent))),
        }
    }

    fn failure(&mut self, error: Error, in_flight: bool) -> Step {
        let mut left = std::mem::take(&mut self.left).into_iter();
        let failed = left.next().unwrap_or_default();
        let (uncertain, mut unsent) = if in_flight {
            (failed, Vec::new())
        } else {
            (Vec::new(), failed)
        };
        for mut urls in left {
            unsent.append(&mut urls);
        }
        // What is safe to do next, list by list, after the error's own sentence.
        let mut context = String::new();
        let mut say = |count: usize, text: &str| {
            if count > 0 {
                context.push_str(&[" ", &integer_text(count as u64), text].concat());
            }
        };
        say(self.sent.len(), " request(s) were accepted (details.sent).");
        say(
            uncertain.len(),
            " URL(s) may have reached 1fichier (details.uncertain): check remoteJobs() before sending them again.",
        );
        if !self.sent.is_empty() || !uncertain.is_empty() {
            say(
                unsent.len(),
                " URL(s) were not sent (details.unsent) and can be sent again.",
            );
        }
        let mut error = if context.is_empty() {
            error
        } else {
            error.with_context(context.trim_start())
        };
        error.details = Some(
            Value::object()
                .with("sent", Value::List(std::mem::take(&mut self.sent)))
                .with("uncertain", uncertain)
                .with("unsent", unsent),
        );
        Step::Fail(error)
    }
}

impl Machine for RemoteUpload {
    fn next(&mut self, client: &Client, now: f64, event: Event) -> Step {
        let Some((machine, urls)) = self.current.as_mut() else {
            return match event {
                Event::Start => self.start_next(client, now),
                _ => Step::Fail(out_of_order()),
            };
        };
        match machine.next(client, now, event) {
            Step::Done(id) => {
                self.sent.push(
                    Value::object()
                        .with("id", id)
                        .with("sourceUrls", std::mem::take(urls)),
                );
                self.left.remove(0);
                self.start_next(client, now)
            }
            Step::Fail(error) => {
                let in_flight = machine.failed_in_flight;
                self.current = None;
                self.failure(error, in_flight)
            }
            step => step,
        }
    }
}

/// Polls `remote/info` every `interval_ms` until the job has run, within `max_wait_ms`.
pub struct WaitForJob {
    call: Call,
    interval_ms: f64,
    max_wait_ms: f64,
    started: f64,
    /// The poll in progress; `None` between polls.
    polling: Option<CallMachine>,
}

impl Machine for WaitForJob {
    fn next(&mut self, client: &Client, now: f64, event: Event) -> Step {
        if let Event::Start = event {
            self.started = now;
        }
        let Some(poll) = self.polling.as_mut() else {
            return match event {
                Event::Start | Event::Woke => {
                    let mut poll = CallMachine::new(self.call.clone());
                    let step = poll.next(client, now, Event::Start);
                    self.polling = Some(poll);
                    step
                }
                Event::Failed(error) => Step::Fail(error),
                Event::Answer(_) => Step::Fail(out_of_order()),
            };
        };
        match poll.next(client, now, event) {
            Step::Done(job) => {
                self.polling = None;
                if matches!(job.get("done"), Some(Value::Bool(true))) {
                    return Step::Done(job);
                }
                match pacing::job_poll_delay(self.interval_ms, now - self.started, self.max_wait_ms)
                {
                    Some(delay) => Step::Wait(delay),
                    None => Step::Fail(Error::new(
                        ErrorCode::Timeout,
                        [
                            "Remote job ",
                            &crate::decode::text(job.get("id")),
                            " had not finished after ",
                            &integer_text((self.max_wait_ms / 1000.0) as u64),
                            " s; it may still run later.",
                        ]
                        .concat(),
                    )),
                }
            }
            step => step,
        }
    }
}

enum UploadState {
    Server(CallMachine),
    Sending(crate::api::upload::Target),
    Polling {
        end_url: String,
        authorization: Option<String>,
        started: f64,
        polls: u32,
        retries: u32,
    },
}

/// The upload flow: an upload node from the API, the body through the runtime's sender,
/// then `end.pl` until it lists the links.
pub struct Upload {
    plan: crate::api::upload::Plan,
    state: UploadState,
    /// Random bits for the multipart boundary, which must not occur in the files.
    entropy: u64,
    authorization: Option<String>,
}

impl Upload {
    fn new(plan: crate::api::upload::Plan, entropy: u64) -> Self {
        let server = CallMachine::new(plan.server_call());
        Upload {
            plan,
            state: UploadState::Server(server),
            entropy,
            authorization: None,
        }
    }

    fn poll_end(&self, client: &Client) -> Step {
        let UploadState::Polling {
            end_url,
            authorization,
            ..
        } = &self.state
        else {
            return Step::Fail(out_of_order());
        };
        let mut headers = vec![("JSON", "1".to_string())];
        if let Some(authorization) = authorization {
            headers.push(("Authorization", authorization.clone()));
        }
        Step::Http(HttpRequest {
            method: "GET",
            url: end_url.clone(),
            headers,
            body: None,
            timeout_ms: client.policy.timeout_ms,
        })
    }
}

impl Machine for Upload {
    fn next(&mut self, client: &Client, now: f64, event: Event) -> Step {
        if let Event::Failed(error) = event {
            return Step::Fail(error);
        }
        match &mut self.state {
            UploadState::Server(machine) => match machine.next(client, now, event) {
                Step::Done(server) => {
                    let target = crate::api::upload::target(&client.api_base, &server);
                    self.authorization = client.authorization().filter(|_| target.send_key);
                    let mut request = crate::api::upload::body_request(
                        &self.plan,
                        &target.upload_url,
                        self.entropy,
                    );
                    request.set("authorization", self.authorization.clone());
                    self.state = UploadState::Sending(target);
                    Step::Body(request)
                }
                step => step,
            },
            UploadState::Sending(target) => match event {
                Event::Answer(Err(error)) if error.code == ErrorCode::Timeout => {
                    Step::Fail(crate::api::upload::silent_node(self.plan.answer_timeout_ms))
                }
                Event::Answer(answer) => {
                    if let Err(error) = answer.and_then(|(status, body)| {
                        crate::api::upload::check_upload_answer(status, &body)
                    }) {
                        return Step::Fail(error);
                    }
                    let end_url = std::mem::take(&mut target.end_url);
                    self.state = UploadState::Polling {
                        end_url,
                        authorization: self.authorization.clone(),
                        started: now,
                        polls: 0,
                        retries: 0,
                    };
                    self.poll_end(client)
                }
                _ => Step::Fail(out_of_order()),
            },
            UploadState::Polling {
                started,
                polls,
                retries,
                ..
            } => match event {
                Event::Woke => self.poll_end(client),
                Event::Answer(answer) => {
                    match answer.and_then(|(status, body)| crate::api::upload::read_end_report(status, &body)) {
                        Ok(Some(result)) => Step::Done(result),
                        Ok(None) => match pacing::end_poll_delay(*polls, now - *started, self.plan.max_wait_ms) {
                            Some(delay) => {
                                *polls += 1;
                                Step::Wait(delay)
                            }
                            None => Step::Fail(Error::new(
                                ErrorCode::Timeout,
                                [
                                    "The upload was sent, but 1fichier did not publish its links within ",
                                    &integer_text(self.plan.max_wait_ms as u64),
                                    " ms (maxWaitMs); the file should appear in the account later.",
                                ]
                                .concat(),
                            )),
                        },
                        // end.pl only reads: safe to ask again.
                        Err(error) => match pacing::retry_delay(&client.policy, Effect::Repeatable, *retries, &error) {
                            Some(delay) => {
                                *retries += 1;
                                Step::Wait(delay)
                            }
                            None => Step::Fail(error),
                        },
                    }
                }
                _ => Step::Fail(out_of_order()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    //! The runtime driven by a scripted clock and scripted answers.
    use super::*;
    use crate::json::parse;

    /// What the script answers to each step; waits advance the clock.
    enum Reply {
        Http(u16, &'static str),
        Down(ErrorCode),
        AbortWait,
    }

    struct Trace {
        result: Result<Value, Error>,
        sent: Vec<(f64, HttpRequest)>,
        bodies: Vec<Value>,
        waited: Vec<f64>,
    }

    fn client(json: &str) -> Client {
        Client::new(Some(&parse(json).unwrap())).unwrap()
    }

    fn run(client: &mut Client, method: &str, args: &str, replies: Vec<Reply>) -> Trace {
        let args = parse(args).unwrap();
        let mut machine = start(client, method, args.as_list(), || 7).unwrap();
        let mut replies = replies.into_iter();
        let (mut now, mut event) = (1000.0, Event::Start);
        let mut trace = Trace {
            result: Ok(Value::Null),
            sent: vec![],
            bodies: vec![],
            waited: vec![],
        };
        for _ in 0..1000 {
            let step = machine.next(client, now, event);
            event = match step {
                Step::Http(request) => {
                    trace.sent.push((now, request));
                    now += 10.0;
                    match replies.next().expect("a reply for every request") {
                        Reply::Http(status, body) => Event::Answer(Ok((status, body.to_string()))),
                        Reply::Down(code) => Event::Answer(Err(Error::new(code, "down"))),
                        Reply::AbortWait => panic!("AbortWait answers a wait"),
                    }
                }
                Step::Body(request) => {
                    trace.bodies.push(request);
                    match replies.next().expect("a reply for the body") {
                        Reply::Http(status, body) => Event::Answer(Ok((status, body.to_string()))),
                        Reply::Down(code) => Event::Answer(Err(Error::new(code, "down"))),
                        Reply::AbortWait => panic!("AbortWait answers a wait"),
                    }
                }
                Step::Wait(ms) => {
                    trace.waited.push(ms);
                    if let Some(Reply::AbortWait) = replies.as_slice().first() {
                        replies.next();
                        Event::Failed(Error::aborted())
                    } else {
                        now += ms;
                        Event::Woke
                    }
                }
                Step::Done(value) => {
                    trace.result = Ok(value);
                    return trace;
                }
                Step::Fail(error) => {
                    trace.result = Err(error);
                    return trace;
                }
            };
        }
        panic!("the machine never finished");
    }

    const KEY: &str =
        r#"{"apiKey":"secret-key-123","apiBase":"http://127.0.0.1:9/v1","minIntervalMs":1000}"#;
    const FLOOD: &str = r#"{"status":"KO","message":"Flood detected: IP Locked #38"}"#;

    #[test]
    fn calls_are_spaced_from_real_sends_and_carry_the_key() {
        let mut client = client(KEY);
        let first = run(
            &mut client,
            "userInfo",
            "[]",
            vec![Reply::Http(200, r#"{"email":"a@b.c"}"#)],
        );
        assert_eq!(
            first.result.unwrap().get("email"),
            Some(&Value::from("a@b.c"))
        );
        let (at, request) = &first.sent[0];
        assert_eq!(request.url, "http://127.0.0.1:9/v1/user/info.cgi");
        assert_eq!(
            request.headers[1],
            ("Authorization", "Bearer secret-key-123".to_string())
        );
        assert_eq!(request.body.as_deref(), Some("{}"));
        assert!(first.waited.is_empty(), "the first call waits for nothing");
        // The next call starts 1000 ms after the first request left, not after it answered.
        let second = run(&mut client, "userInfo", "[]", vec![Reply::Http(200, "{}")]);
        assert_eq!(*at, 1000.0);
        assert_eq!(
            second.waited,
            vec![1000.0],
            "the scripted clock restarts at 1000 ms"
        );
    }

    #[test]
    fn flood_waits_then_retries_even_calls_that_act_once() {
        let mut client = client(r#"{"apiKey":"k","minIntervalMs":0,"floodWaitMs":30000}"#);
        let trace = run(
            &mut client,
            "createFolder",
            r#"["x"]"#,
            vec![
                Reply::Http(403, FLOOD),
                Reply::Http(200, r#"{"folder_id":5,"name":"x"}"#),
            ],
        );
        assert_eq!(
            trace.result.unwrap().to_json(),
            r#"{"id":5,"name":"x","parentId":0}"#
        );
        assert_eq!(trace.waited, vec![30000.0]);
        assert_eq!(trace.sent.len(), 2);
    }

    #[test]
    fn network_errors_retry_reads_with_backoff_but_never_writes() {
        let mut client = client(r#"{"apiKey":"k","minIntervalMs":0}"#);
        let read = run(
            &mut client,
            "listFiles",
            "[]",
            vec![
                Reply::Down(ErrorCode::Network),
                Reply::Http(502, "<html>"),
                Reply::Http(200, r#"{"items":[]}"#),
            ],
        );
        assert_eq!(read.result.unwrap(), Value::List(vec![]));
        assert_eq!(read.waited, vec![500.0, 1000.0]);
        let write = run(
            &mut client,
            "removeFolder",
            "[5]",
            vec![Reply::Down(ErrorCode::Timeout)],
        );
        assert_eq!(write.result.unwrap_err().code, ErrorCode::Timeout);
        assert_eq!(write.sent.len(), 1);
        let gives_up = run(
            &mut client,
            "userInfo",
            "[]",
            (0..4).map(|_| Reply::Down(ErrorCode::Network)).collect(),
        );
        assert_eq!(gives_up.result.unwrap_err().code, ErrorCode::Network);
        assert_eq!(gives_up.sent.len(), 4);
    }

    #[test]
    fn an_abort_during_a_wait_fails_at_once() {
        let mut client = client(r#"{"apiKey":"k","minIntervalMs":0}"#);
        let trace = run(
            &mut client,
            "userInfo",
            "[]",
            vec![Reply::Http(403, FLOOD), Reply::AbortWait],
        );
        assert_eq!(trace.result.unwrap_err().code, ErrorCode::Aborted);
        assert_eq!(trace.sent.len(), 1);
    }

    #[test]
    fn a_partial_failure_in_the_second_batch_tells_sent_uncertain_and_unsent() {
        let mut client = client(r#"{"apiKey":"k","minIntervalMs":0}"#);
        let urls = r#"[["https://a/1","https://a/2","https://a/3"],{"batchSize":1}]"#;
        let lost = run(
            &mut client,
            "remoteUpload",
            urls,
            vec![
                Reply::Http(200, r#"{"id":11}"#),
                Reply::Down(ErrorCode::Network),
            ],
        );
        let error = lost.result.unwrap_err();
        assert_eq!(error.code, ErrorCode::Network);
        assert_eq!(
            error.details.clone().unwrap().to_json(),
            r#"{"sent":[{"id":11,"sourceUrls":["https://a/1"]}],"uncertain":["https://a/2"],"unsent":["https://a/3"]}"#
        );
        assert!(
            error.message.contains("check remoteJobs()"),
            "{}",
            error.message
        );
        // A refusal by 1fichier means the failed request did nothing: its URLs are unsent.
        let refused = run(
            &mut client,
            "remoteUpload",
            urls,
            vec![
                Reply::Http(200, r#"{"id":11}"#),
                Reply::Http(200, r#"{"status":"KO","message":"Not authenticated #1"}"#),
            ],
        );
        assert_eq!(
            refused
                .result
                .unwrap_err()
                .details
                .clone()
                .unwrap()
                .to_json(),
            r#"{"sent":[{"id":11,"sourceUrls":["https://a/1"]}],"uncertain":[],"unsent":["https://a/2","https://a/3"]}"#
        );
        let all = run(
            &mut client,
            "remoteUpload",
            urls,
            vec![
                Reply::Http(200, r#"{"id":1}"#),
                Reply::Http(200, r#"{"id":2}"#),
                Reply::Http(200, r#"{"id":3}"#),
            ],
        );
        assert_eq!(all.result.unwrap().as_list().len(), 3);
    }

    #[test]
    fn waiting_for_a_job_polls_until_it_ran_or_the_wait_is_over() {
        let mut client = client(r#"{"apiKey":"k","minIntervalMs":0}"#);
        let waiting = r#"{"id":7,"execution_date":"1970-01-01 00:00:00","result":[]}"#;
        let ran = run(
            &mut client,
            "waitForRemoteJob",
            r#"[7,{"intervalMs":2000}]"#,
            vec![
                Reply::Http(200, waiting),
                Reply::Http(200, r#"{"id":7,"execution_date":"2024-01-01 10:00:00"}"#),
            ],
        );
        assert_eq!(ran.result.unwrap().get("done"), Some(&Value::Bool(true)));
        assert_eq!(ran.waited, vec![2000.0]);
        let over = run(
            &mut client,
            "waitForRemoteJob",
            r#"[7,{"intervalMs":2000,"maxWaitMs":3000}]"#,
            vec![
                Reply::Http(200, waiting),
                Reply::Http(200, waiting),
                Reply::Http(200, waiting),
            ],
        );
        let error = over.result.unwrap_err();
        assert_eq!(error.code, ErrorCode::Timeout);
        assert!(error.message.contains("Remote job 7"), "{}", error.message);
        assert!(
            over.waited.iter().sum::<f64>() <= 3000.0,
            "{:?}",
            over.waited
        );
    }

    const SERVER: &str = r#"{"url":"127.0.0.1:9","id":"abc"}"#;
    const LINKS: &str = r#"{"incoming":0,"links":[{"download":"https://1fichier.com/?abcde12345","filename":"a.bin","size":3,"whirlpool":"ff"}]}"#;

    #[test]
    fn upload_sends_the_body_then_polls_end_pl_until_ready() {
        let mut client = client(KEY);
        let trace = run(
            &mut client,
            "upload",
            r#"[[{"name":"a.bin","size":3}],{"folderId":5}]"#,
            vec![
                Reply::Http(200, SERVER),
                Reply::Http(302, ""),
                Reply::Http(200, "<html>Veuillez patienter</html>"),
                Reply::Http(200, LINKS),
            ],
        );
        assert_eq!(
            trace.result.unwrap().get("files").unwrap().as_list().len(),
            1
        );
        let body = &trace.bodies[0];
        assert_eq!(
            body.get("url"),
            Some(&Value::from("http://127.0.0.1:9/upload.cgi?id=abc"))
        );
        assert_eq!(
            body.get("authorization"),
            Some(&Value::from("Bearer secret-key-123"))
        );
        let end = &trace.sent[1].1;
        assert_eq!(
            (end.method, end.url.as_str()),
            ("GET", "http://127.0.0.1:9/end.pl?xid=abc")
        );
        assert!(end.headers.contains(&("JSON", "1".to_string())));
        assert_eq!(trace.waited, vec![250.0]);
    }

    #[test]
    fn a_node_that_never_answers_times_out_with_its_own_limit() {
        let mut client = client(KEY);
        let trace = run(
            &mut client,
            "upload",
            r#"[[{"name":"a.bin","size":3}],{"answerTimeoutMs":1500}]"#,
            vec![Reply::Http(200, SERVER), Reply::Down(ErrorCode::Timeout)],
        );
        assert_eq!(
            trace.bodies[0].get("answerTimeoutMs"),
            Some(&Value::Number(1500.0))
        );
        let error = trace.result.unwrap_err();
        assert_eq!(error.code, ErrorCode::Timeout);
        assert!(
            error.message.contains("within 1500 ms") && error.message.contains("look for it"),
            "{}",
            error.message
        );
        let default = run(
            &mut client,
            "upload",
            r#"[[{"name":"a.bin","size":3}]]"#,
            vec![Reply::Http(200, SERVER), Reply::Down(ErrorCode::Timeout)],
        );
        assert_eq!(
            default.bodies[0].get("answerTimeoutMs"),
            Some(&Value::Number(600_000.0))
        );
    }

    #[test]
    fn a_lost_upload_fails_at_once_instead_of_waiting() {
        let mut client = client(KEY);
        let trace = run(
            &mut client,
            "upload",
            r#"[[{"name":"a.bin","size":3}]]"#,
            vec![
                Reply::Http(200, SERVER),
                Reply::Http(302, ""),
                Reply::Http(200, "<html>Pas de fichier</html>"),
            ],
        );
        assert_eq!(trace.result.unwrap_err().code, ErrorCode::NotFound);
        assert!(trace.waited.is_empty(), "{:?}", trace.waited);
    }

    #[test]
    fn upload_gives_up_when_end_pl_is_never_ready_and_keeps_the_key_from_strangers() {
        let mut client = client(r#"{"apiKey":"k","minIntervalMs":0}"#);
        let pending = || Reply::Http(200, r#"{"incoming":0}"#);
        let mut replies = vec![
            Reply::Http(200, r#"{"url":"up.evil.com","id":"abc"}"#),
            Reply::Http(302, ""),
        ];
        replies.extend((0..20).map(|_| pending()));
        let trace = run(
            &mut client,
            "upload",
            r#"[[{"name":"a","size":1}],{"maxWaitMs":10000}]"#,
            replies,
        );
        let error = trace.result.unwrap_err();
        assert_eq!(error.code, ErrorCode::Timeout);
        assert!(trace.waited.iter().sum::<f64>() <= 10000.0);
        assert_eq!(trace.bodies[0].get("authorization"), Some(&Value::Null));
        assert!(trace.sent[1..]
            .iter()
            .all(|(_, r)| r.headers.iter().all(|(name, _)| *name != "Authorization")));
    }

    #[test]
    fn anonymous_clients_may_only_upload_and_bad_options_are_refused() {
        let anonymous = client("{}");
        assert_eq!(anonymous.api_base, DEFAULT_API_BASE);
        assert_eq!(
            start(&anonymous, "userInfo", &[], || 7).err().unwrap().code,
            ErrorCode::InvalidInput
        );
        assert!(start(
            &anonymous,
            "upload",
            parse(r#"[[{"name":"a","size":1}]]"#).unwrap().as_list(),
            || 7
        )
        .is_ok());
        for bad in [
            r#"{"apiBase":"http://example.com/v1"}"#,
            r#"{"apiBase":"https://user:pass@api.1fichier.com/v1"}"#,
            r#"{"apiBase":"ftp://x"}"#,
            r#"{"floodWaitMs":1099511627776}"#,
            r#"{"minIntervalMs":-1}"#,
            r#"{"timeoutMs":1.5}"#,
            r#"{"apiKey":"a b"}"#,
            r#"{"apikey":"x"}"#,
            r#"{"apiBase":"https://user:pass@api.1fichier.com/v1","allowInsecureHttp":true}"#,
            r#"{"apiBase":"http://example.com/v1","allowInsecureHttp":1}"#,
        ] {
            let error = Client::new(Some(&parse(bad).unwrap())).err().unwrap();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{bad}");
            assert!(!error.message.contains("pass@"), "{}", error.message);
        }
        assert!(Client::new(Some(
            &parse(r#"{"apiBase":"http://localhost:8080/v1","timeoutMs":0}"#).unwrap()
        ))
        .is_ok());
        // Plain http elsewhere only when the caller opts in, knowing the key can be read.
        let insecure = r#"{"apiBase":"http://fichier-proxy.lan/v1","allowInsecureHttp":true}"#;
        assert!(Client::new(Some(&parse(insecure).unwrap())).is_ok());
        assert_eq!(
            start(&anonymous, "nope", &[], || 7).err().unwrap().code,
            ErrorCode::InvalidInput
        );
    }

    #[test]
    fn errors_never_carry_the_key_even_when_1fichier_echoes_it() {
        let mut client = client(KEY);
        let trace = run(
            &mut client,
            "userInfo",
            "[]",
            vec![Reply::Http(
                200,
                r#"{"status":"KO","message":"Bad key secret-key-123 #5"}"#,
            )],
        );
        let error = client.redact(trace.result.unwrap_err());
        assert!(
            !error.message.contains("secret-key-123")
                && !error.server_message.contains("secret-key-123")
        );
    }
}
