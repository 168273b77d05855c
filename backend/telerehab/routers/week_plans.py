"""A patient's plan per ISO week, and today's plan."""

from fastapi import APIRouter

router = APIRouter(tags=["week-plans"])
