import sys

from hf_token_check import main

sys.exit(main())
