"""BL110 across the ecosystems the issue names: a bad and a good Dockerfile each
(hand-written; the bad one must be reported on its install line)."""

from __future__ import annotations

import pytest

from conftest import lint, where, write_tree

CASES = {
    # name: (manifests, bad Dockerfile (install on line 4), good Dockerfile)
    "pip": (["requirements.txt"],
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
            "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n"),
    "poetry": (["pyproject.toml", "poetry.lock"],
               "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main\n",
               "FROM python:3.12\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCOPY . .\n"
               "RUN poetry install --only-root\n"),
    "uv": (["pyproject.toml", "uv.lock"],
           "FROM python:3.12\nWORKDIR /app\nCOPY . /app\nRUN uv sync --frozen\n",
           "FROM python:3.12\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-install-project\n"
           "COPY . .\nRUN uv sync --frozen\n"),
    "pipenv": (["Pipfile", "Pipfile.lock"],
               "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pipenv install --deploy --system\n",
               "FROM python:3.12\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --deploy --system\nCOPY . .\n"),
    "npm": (["package.json", "package-lock.json"],
            "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
            "FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"),
    "yarn": (["package.json", "yarn.lock"],
             "FROM node:20\nWORKDIR /app\nCOPY ./ ./\nRUN yarn install --frozen-lockfile\n",
             "FROM node:20\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY . .\n"),
    "pnpm": (["package.json", "pnpm-lock.yaml"],
             "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n",
             "FROM node:20\nCOPY package.json pnpm-lock.yaml ./\nRUN pnpm install --frozen-lockfile\nCOPY . .\n"),
    "bun": (["package.json", "bun.lock"],
            "FROM oven/bun:1\nWORKDIR /app\nCOPY . .\nRUN bun install\n",
            "FROM oven/bun:1\nCOPY package.json bun.lock ./\nRUN bun install\nCOPY . .\n"),
    "go": (["go.mod", "go.sum"],
           "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/app\n",
           "FROM golang:1.23\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app ./cmd/app\n"),
    "cargo": (["Cargo.toml", "Cargo.lock"],
              "FROM rust:1.83\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n",
              "FROM rust:1.83\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo fetch\nCOPY . .\nRUN cargo build --release\n"),
    "bundler": (["Gemfile", "Gemfile.lock"],
                "FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n",
                "FROM ruby:3.3\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\n"),
    "composer": (["composer.json", "composer.lock"],
                 "FROM composer:2\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n",
                 "FROM composer:2\nCOPY composer.json composer.lock ./\nRUN composer install --no-dev --no-scripts\n"
                 "COPY . .\n"),
    "maven": (["pom.xml"],
              "FROM maven:3.9\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\n",
              "FROM maven:3.9\nCOPY pom.xml .\nRUN mvn -B dependency:go-offline\nCOPY . .\nRUN mvn -B package\n"),
    "gradle": (["build.gradle"],
               "FROM gradle:8\nWORKDIR /app\nCOPY . .\nRUN gradle build\n",
               "FROM gradle:8\nCOPY build.gradle .\nRUN gradle dependencies\nCOPY . .\nRUN gradle build\n"),
}


@pytest.mark.parametrize("eco", sorted(CASES))
def test_bad_order_reported_on_the_install(eco, tmp_path):
    manifests, bad, _ = CASES[eco]
    write_tree(tmp_path, {"Dockerfile": bad, ".dockerignore": ".git\n", **{m: "\n" for m in manifests}})
    assert where(lint(tmp_path), "BL110") == {("Dockerfile", 4)}


@pytest.mark.parametrize("eco", sorted(CASES))
def test_manifests_first_is_clean(eco, tmp_path):
    manifests, _, good = CASES[eco]
    write_tree(tmp_path, {"Dockerfile": good, ".dockerignore": ".git\n", **{m: "\n" for m in manifests}})
    assert where(lint(tmp_path), "BL110") == set()


def test_no_manifest_in_context_is_silent(tmp_path):
    write_tree(tmp_path, {"Dockerfile": CASES["npm"][1], ".dockerignore": ".git\n"})
    assert where(lint(tmp_path), "BL110") == set()


def test_excluded_manifest_does_not_count(tmp_path):
    # the ignore file excludes package*.json, so nothing could be copied on its own
    write_tree(tmp_path, {"Dockerfile": CASES["npm"][1], ".dockerignore": "package*.json\n",
                          "package.json": "{}", "package-lock.json": "{}"})
    assert where(lint(tmp_path), "BL110") == set()


def test_copy_of_a_directory_holding_the_manifest(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM python:3.12\nCOPY backend/ /app/\nRUN pip install -r /app/requirements.txt\n",
                          ".dockerignore": ".git\n", "backend/requirements.txt": "django\n", "backend/app.py": ""})
    assert where(lint(tmp_path), "BL110") == {("Dockerfile", 3)}


def test_named_package_install_after_copy_is_fine(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM python:3.12\nCOPY . .\nRUN pip install gunicorn\n",
                          ".dockerignore": ".git\n", "requirements.txt": "django\n"})
    assert where(lint(tmp_path), "BL110") == set()


def test_install_in_parent_stage_counts_as_first(tmp_path):
    df = ("FROM node:20 AS deps\nCOPY package.json package-lock.json ./\nRUN npm ci\n"
          "FROM deps AS build\nCOPY . .\nRUN npm ci --prefer-offline\n")
    write_tree(tmp_path, {"Dockerfile": df, ".dockerignore": ".git\n", "package.json": "{}", "package-lock.json": "{}"})
    assert where(lint(tmp_path), "BL110") == set()
