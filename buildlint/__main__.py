from buildlint.cli import main

main()
