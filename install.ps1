# Installs the hf-token-check binary from a GitHub release, for the current
# user, without administrator rights (Windows x86_64; PowerShell 5.1 or 7):
#
#   powershell -ExecutionPolicy ByPass -c "irm https://github.com/hf-token-check/hf-token-check/releases/latest/download/install.ps1 | iex"
#   .\install.ps1 [-Version VERSION]      VERSION: latest (default), 0.1.0, v0.1.0, 0.2.0-rc.1
#
# Environment:
#   HF_TOKEN_CHECK_VERSION        the version, when -Version is not given
#   HF_TOKEN_CHECK_INSTALL_DIR    where to put it (default: ~\.local\bin)
#   HF_TOKEN_CHECK_RELEASES_URL   the releases URL, for mirrors and tests
#                                 (default: https://github.com/hf-token-check/hf-token-check/releases)
#
# It downloads hf-token-check-x86_64-pc-windows-gnu.zip with the `.sha256`
# file published next to it, checks the SHA-256 before anything is installed
# (a mismatch installs nothing), and moves hf-token-check.exe into place. The
# same rules as install.sh: https only (plain http only to a loopback address),
# redirects only to https; an archive entry that is not a regular file (a
# reparse point: a link) is refused; the binary is written to a new file with
# an unpredictable name in the install directory (created exclusively, removed
# on any failure), then moved over the old one, which stays as it was until then.

param(
    [string]$Version = ""
)

# A failure throws (never `exit`: under `irm | iex` that would close the
# user's own PowerShell).
function Fail([string]$Message) {
    throw "error: $Message"
}

function Install-HfTokenCheck {
    # Function scope: the caller's session keeps its own preferences.
    $ErrorActionPreference = "Stop"
    $ProgressPreference = "SilentlyContinue"
    if (-not $Version) {
        $Version = $env:HF_TOKEN_CHECK_VERSION
    }
    if (-not $Version) {
        $Version = "latest"
    }
    $semver = '^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$'
    if ($Version -cne "latest" -and $Version -cnotmatch $semver) {
        Fail "the version must be 'latest' or a version number such as 0.1.0, v0.1.0 or 0.2.0-rc.1; nothing was downloaded"
    }

    $arch = $env:PROCESSOR_ARCHITECTURE
    if ($arch -ne "AMD64") {
        Fail "no release binary for Windows on $arch; built: Windows x86_64 (AMD64). From source: cargo install hf-token-check --locked"
    }
    $target = "x86_64-pc-windows-gnu"
    $asset = "hf-token-check-$target.zip"

    $dir = $env:HF_TOKEN_CHECK_INSTALL_DIR
    if (-not $dir) {
        $dir = Join-Path (Join-Path $HOME ".local") "bin"
    }

    $releases = $env:HF_TOKEN_CHECK_RELEASES_URL
    if (-not $releases) {
        $releases = "https://github.com/hf-token-check/hf-token-check/releases"
    }
    $releases = $releases.TrimEnd("/")
    # https only: the checksum comes over the same channel as the archive.
    $uri = $null
    if (-not [System.Uri]::TryCreate($releases, [System.UriKind]::Absolute, [ref]$uri)) {
        Fail "HF_TOKEN_CHECK_RELEASES_URL is not a URL; nothing was downloaded"
    }
    if ($uri.Scheme -cne "https") {
        if ($uri.Scheme -cne "http" -or -not $uri.IsLoopback) {
            Fail "the releases URL '$releases' is not https, and plain http is allowed only to a loopback address (127.0.0.1, localhost, [::1]): the archive and its checksum could be swapped on the way; nothing was downloaded"
        }
    }
    if ($Version -ceq "latest") {
        $base = "$releases/latest/download"
    }
    else {
        $base = "$releases/download/v" + $Version.TrimStart("v")
    }

    $tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("hf-token-check-" + [System.Guid]::NewGuid().ToString("N"))
    New-Item -ItemType Directory -Path $tmp | Out-Null
    try {
        Write-Host "hf-token-check installer: downloading $asset ($Version) from $base"
        $zip = Join-Path $tmp $asset
        $sums = "$zip.sha256"
        try {
            # Redirects followed, then the last hop checked: data that came
            # over plain http (but from loopback) is never installed.
            foreach ($pair in @(@("$base/$asset.sha256", $sums), @("$base/$asset", $zip))) {
                $r = Invoke-WebRequest -UseBasicParsing -Uri $pair[0] -OutFile $pair[1] -PassThru
                $final = $r.BaseResponse.ResponseUri
                if (-not $final) { $final = $r.BaseResponse.RequestMessage.RequestUri }
                if ($final -and $final.Scheme -cne "https" -and -not $final.IsLoopback) {
                    Remove-Item -LiteralPath $pair[1] -Force -ErrorAction SilentlyContinue
                    Fail "$($pair[0]) was redirected to $final, which is not https; nothing was installed"
                }
            }
        }
        catch {
            Fail "could not download from ${base}: $($_.Exception.Message)"
        }

        $line = (Get-Content -LiteralPath $sums -TotalCount 1)
        if ($line -cnotmatch '^([0-9a-fA-F]{64}) [ *]?(.+)$') {
            Fail "$asset.sha256 holds no SHA-256; nothing was installed"
        }
        $want = $Matches[1].ToLowerInvariant()
        $named = $Matches[2]
        if ($named -cne $asset) {
            Fail "$asset.sha256 is for '$named', not $asset; nothing was installed"
        }
        $got = (Get-FileHash -Algorithm SHA256 -LiteralPath $zip).Hash.ToLowerInvariant()
        if ($got -cne $want) {
            Fail "checksum mismatch for ${asset}: $asset.sha256 says $want, the download is $got; nothing was installed"
        }

        $x = Join-Path $tmp "x"
        Expand-Archive -LiteralPath $zip -DestinationPath $x -Force
        $odd = Get-ChildItem -LiteralPath $x -Recurse -Force | Where-Object {
            $_.PSIsContainer -or ($_.Attributes -band [System.IO.FileAttributes]::ReparsePoint)
        } | Select-Object -First 1
        if ($odd) {
            Fail "$asset holds an entry that is not a regular file ($($odd.Name)); nothing was installed"
        }
        $exe = Join-Path $x "hf-token-check.exe"
        if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) {
            Fail "$asset has no hf-token-check.exe at its root; nothing was installed"
        }

        New-Item -ItemType Directory -Force -Path $dir | Out-Null
        $dest = Join-Path $dir "hf-token-check.exe"
        # A new file under a name no one can guess, created exclusively
        # (CreateNew: never through something planted), removed on failure.
        $part = Join-Path $dir (".hf-token-check.exe." + [System.IO.Path]::GetRandomFileName())
        try {
            $in = [System.IO.File]::OpenRead($exe)
            try {
                $out = New-Object System.IO.FileStream($part, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write)
                try { $in.CopyTo($out) } finally { $out.Dispose() }
            }
            finally { $in.Dispose() }
            Move-Item -LiteralPath $part -Destination $dest -Force
        }
        catch {
            Remove-Item -LiteralPath $part -Force -ErrorAction SilentlyContinue
            Fail "could not write hf-token-check.exe to $dir ($($_.Exception.Message)); the installed binary, if any, is unchanged"
        }
        $installed = & $dest --version
        Write-Host "hf-token-check installer: installed $installed to $dest (sha256 verified)"

        $userPath = [Environment]::GetEnvironmentVariable("Path", "User")
        $onPath = ($env:Path -split ";") -contains $dir
        if (-not $onPath) {
            Write-Host "hf-token-check installer: $dir is not on your PATH; add it for your user with:"
            Write-Host ""
            Write-Host "    [Environment]::SetEnvironmentVariable('Path', '$dir;' + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"
            Write-Host ""
            if ($userPath -and (($userPath -split ";") -contains $dir)) {
                Write-Host "(it is in your user Path already: open a new terminal)"
            }
        }
    }
    finally {
        Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Install-HfTokenCheck
