//! While an app runs, neither its main process nor its browser (nor any process the browser
//! started) listens on a TCP port, holds an unconnected UDP port, or listens on a Unix socket,
//! except the one socket accounted for: Chromium's process-singleton socket, inside the app's
//! temporary profile. A connected UDP socket takes packets from its one peer only, as a TCP
//! client socket does, so it is no more a way in than one (Chromium's network code opens such
//! sockets at times, to the resolver or the gateway, to learn the local address).
//!
//! Sockets are matched to the processes by inode: each process's `/proc/<pid>/fd` links name its
//! sockets, and `/proc/<pid>/net/{tcp,tcp6,udp,udp6,unix}` say which of them listen (Linux).

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::PathBuf;

use cathode_testing::{private_temp_dir, process_tree, start_probe};

const PROBE: &str = env!("CARGO_BIN_EXE_ownership-probe");

/// A socket that others can reach.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Exposed {
    /// A TCP socket in LISTEN, by its local address as `/proc` writes it.
    Tcp(String),
    /// A bound UDP socket that is not connected to one peer.
    Udp(String),
    /// A listening Unix socket, by its path (`@` for abstract names; empty when unnamed).
    Unix(String),
}

/// The inodes of the sockets that `pids` hold open.
fn socket_inodes(pids: &[u32]) -> HashSet<u64> {
    pids.iter()
        .filter_map(|pid| std::fs::read_dir(format!("/proc/{pid}/fd")).ok())
        .flat_map(|fds| fds.flatten())
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|target| {
            target
                .to_str()?
                .strip_prefix("socket:[")?
                .strip_suffix(']')?
                .parse()
                .ok()
        })
        .collect()
}

/// The sockets among `pids`' that listen (TCP, Unix) or are bound and unconnected (UDP).
fn exposed_sockets(pids: &[u32]) -> BTreeSet<Exposed> {
    let inodes = socket_inodes(pids);
    let mut exposed = BTreeSet::new();
    for pid in pids {
        for (table, udp) in [
            ("tcp", false),
            ("tcp6", false),
            ("udp", true),
            ("udp6", true),
        ] {
            let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/net/{table}")) else {
                continue;
            };
            for line in text.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let (Some(local), Some(state), Some(inode)) =
                    (fields.get(1), fields.get(3), fields.get(9))
                else {
                    continue;
                };
                if !inode
                    .parse()
                    .is_ok_and(|inode: u64| inodes.contains(&inode))
                {
                    continue;
                }
                // UDP's state 01 (established) is a socket connected to one peer.
                if udp && *state != "01" {
                    exposed.insert(Exposed::Udp(format!("{table} {local}")));
                } else if *state == "0A" {
                    exposed.insert(Exposed::Tcp(format!("{table} {local}")));
                }
            }
        }
        let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/net/unix")) else {
            continue;
        };
        // Num RefCount Protocol Flags Type St Inode [Path]; flag 0x10000 is __SO_ACCEPTCON.
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(flags), Some(inode)) = (fields.get(3), fields.get(6)) else {
                continue;
            };
            let listening = u32::from_str_radix(flags, 16).is_ok_and(|flags| flags & 0x10000 != 0);
            if listening
                && inode
                    .parse()
                    .is_ok_and(|inode: u64| inodes.contains(&inode))
            {
                exposed.insert(Exposed::Unix(fields.get(7).unwrap_or(&"").to_string()));
            }
        }
    }
    exposed
}

/// The check itself sees what it looks for: this test process's own listeners.
#[test]
fn the_check_sees_tcp_udp_and_unix_listeners() {
    let temp = private_temp_dir("exp-check");
    let tcp = std::net::TcpListener::bind("127.0.0.1:0").expect("a TCP port");
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").expect("a UDP port");
    let path = temp.join("check.sock");
    let unix = std::os::unix::net::UnixListener::bind(&path).expect("a Unix socket");
    let connected = std::net::UdpSocket::bind("127.0.0.1:0").expect("a UDP port");
    connected
        .connect(udp.local_addr().unwrap())
        .expect("connected to one peer");
    let exposed = exposed_sockets(&[std::process::id()]);
    let port = |address: std::net::SocketAddr| format!(":{:04X}", address.port());
    let tcp_port = port(tcp.local_addr().unwrap());
    let udp_port = port(udp.local_addr().unwrap());
    assert!(
        exposed
            .iter()
            .any(|socket| matches!(socket, Exposed::Tcp(local) if local.ends_with(&tcp_port))),
        "{exposed:?}"
    );
    assert!(
        exposed
            .iter()
            .any(|socket| matches!(socket, Exposed::Udp(local) if local.ends_with(&udp_port))),
        "{exposed:?}"
    );
    assert!(
        exposed.contains(&Exposed::Unix(path.to_string_lossy().into_owned())),
        "{exposed:?}"
    );
    let connected_port = port(connected.local_addr().unwrap());
    assert!(
        !exposed.iter().any(
            |socket| matches!(socket, Exposed::Udp(local) if local.ends_with(&connected_port))
        ),
        "a connected UDP socket is not exposed: {exposed:?}"
    );
    drop((tcp, udp, unix, connected));
    std::fs::remove_dir_all(&temp).unwrap();
}

#[test]
fn a_running_app_listens_on_nothing_but_the_browsers_singleton_socket() {
    let temp = private_temp_dir("exp");
    let mut probe = start_probe(PROBE, "quit", Some(&temp));
    // The main process and everything below it: the browser and all of its children.
    let pids: Vec<u32> = process_tree(probe.main)
        .into_iter()
        .map(|(pid, _)| pid)
        .collect();
    assert!(pids.contains(&probe.browser), "{pids:?}");
    let exposed = exposed_sockets(&pids);

    // Chromium's process singleton: `SingletonSocket` in the profile links to the socket, which
    // lives in the browser's own temporary directory inside the profile (removed with it).
    let singleton = std::fs::read_link(probe.profile.join("SingletonSocket"))
        .expect("the browser's singleton socket link");
    let socket_dir = singleton.parent().expect("the socket is in a folder");
    assert_eq!(
        socket_dir.parent(),
        Some(probe.profile.join("tmp").as_path())
    );
    assert!(
        socket_dir
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("org.chromium.Chromium.")),
        "{}",
        singleton.display()
    );
    assert_eq!(
        exposed,
        BTreeSet::from([Exposed::Unix(singleton.to_string_lossy().into_owned())]),
        "sockets of the app's processes {pids:?}"
    );

    writeln!(probe.child.stdin.take().expect("stdin is piped"), "go").expect("the probe reads");
    let status = probe.child.wait().expect("the probe can be waited for");
    assert!(status.success(), "{status:?}");
    assert!(
        !PathBuf::from(&singleton).exists(),
        "{}",
        singleton.display()
    );
    std::fs::remove_dir_all(&temp).unwrap();
}
