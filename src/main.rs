//! The binary: reads argv and the environment once, runs the check, exits.

fn main() -> std::process::ExitCode {
    let env = hf_token_check::config::Env::from_process();
    let args = std::env::args_os().skip(1).collect();
    std::process::ExitCode::from(hf_token_check::run(args, &env))
}
